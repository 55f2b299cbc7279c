#!/usr/bin/env bash
# The accuracy tables of README: `fedqnn train` of paper-cnn on the whole of a data set at
# float32 and n = 2, 3, 4, 6, 8, 12, 16 (plus two variants at n = 4), the same epoch budget for
# every row; prints a Markdown table of final test accuracy, gap to float32 and wall time.
#
# Usage: bench/accuracy-table.sh            (EPOCHS=3 by default)
# Environment:
#   DATASET=<name> fashion-mnist (default), mnist or cifar10
#   EPOCHS=<n>     epochs per row (default 3)
#   ROWS="..."     rows to run, each "label|flags" separated by ';' (default: the README's)
#   OUT=<folder>   where the runs go (default bench/target/accuracy-<dataset>)
#   SKIP_BUILD=1   reuse the built CLI
# Run it alone on the machine: wall times are part of the table.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="${DATASET:-fashion-mnist}"
epochs="${EPOCHS:-3}"
out="${OUT:-$root/bench/target/accuracy-$dataset}"
default_rows="float32|--bits float;2|--bits 2;3|--bits 3;4|--bits 4;6|--bits 6;8|--bits 8;12|--bits 12;16|--bits 16"
default_rows+=";4, hardtanh|--bits 4 --activation hardtanh;4, no layer scale (paper as written)|--bits 4 --layer-scale none"
rows="${ROWS:-$default_rows}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building ($root)" >&2
    (cd "$root" && mvn -B -q -DskipTests package)
fi
mkdir -p "$out"
table="$out/table.md"
{
    echo "| precision | test accuracy | gap to float32 | test loss | wall time |"
    echo "|---|---|---|---|---|"
} > "$table"
float_acc=""
IFS=';' read -r -a entries <<< "$rows"
for entry in "${entries[@]}"; do
    label="${entry%%|*}"
    flags="${entry#*|}"
    dir="$out/$(echo "$label" | tr -c 'a-zA-Z0-9\n' '_')"
    echo "== $label: fedqnn train $flags --epochs $epochs" >&2
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$root/bin/fedqnn" train --dataset "$dataset" --model paper-cnn $flags --epochs "$epochs" --seed 1 \
        --out "$dir" 2>&1 | grep -E '^(epoch|fedqnn:)' >&2
    wall=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.0f", a - b }')
    last=$(tail -n 1 "$dir/epochs.csv")
    acc=$(echo "$last" | cut -d, -f5)
    loss=$(echo "$last" | cut -d, -f4)
    [[ "$label" == float32 ]] && float_acc="$acc"
    gap="-"
    [[ -n "$float_acc" ]] && gap=$(awk -v a="$acc" -v f="$float_acc" 'BEGIN { printf "%+.2f", 100 * (a - f) }')
    pct=$(awk -v a="$acc" 'BEGIN { printf "%.2f", 100 * a }')
    printf '| %s | %s%% | %s | %.4f | %s s |\n' "$label" "$pct" "$gap" "$loss" "$wall" >> "$table"
done
echo
echo "== paper-cnn on $dataset, $epochs epochs, batch 32, seed 1, $(nproc) cores"
cat "$table"
