#!/usr/bin/env bash
# The hostile-delta figures of docs/hostile-devices.md: the main job's configuration with N = K = 5
# (so that one attacker is among the 5 selected devices in every round), run clean and with device 0
# sending the max-code attack, under each aggregator; prints a Markdown table of final and best test
# accuracy and the final test loss. Runs are deterministic for the seed, so the table repeats.
#
# Usage: bench/attack-figures.sh
# Environment:
#   ROWS="..."   rows to run, each "label|flags" separated by ';' (default: the document's)
#   ROUNDS=<n>   rounds per run (default 20, the main job's)
#   OUT=<folder> where the runs go (default bench/target/attack)
#   SKIP_BUILD=1 reuse the built CLI
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-20}"
out="${OUT:-$root/bench/target/attack}"
default_rows="clean, fedavg|--aggregator fedavg;attacked, fedavg|--aggregator fedavg --attackers 1"
for agg in median trimmed-mean norm-clip; do
    default_rows+=";attacked, $agg|--aggregator $agg --attackers 1"
done
for agg in median trimmed-mean norm-clip; do
    default_rows+=";clean, $agg|--aggregator $agg"
done
rows="${ROWS:-$default_rows}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building ($root)" >&2
    (cd "$root" && mvn -B -q -DskipTests package)
fi
mkdir -p "$out"
table="$out/table.md"
{
    echo "| run | final test accuracy | best test accuracy | final test loss | uplink bits | joules |"
    echo "|---|---|---|---|---|---|"
} > "$table"
IFS=';' read -r -a entries <<< "$rows"
for entry in "${entries[@]}"; do
    label="${entry%%|*}"
    flags="${entry#*|}"
    dir="$out/$(echo "$label" | tr -c 'a-zA-Z0-9\n' '_')"
    rm -rf "$dir"
    echo "== $label: fedqnn run $flags" >&2
    # shellcheck disable=SC2086
    "$root/bin/fedqnn" run --dataset fashion-mnist --model paper-cnn --bits 8 --seed 1 --devices 5 \
        --per-round 5 --rounds "$rounds" $flags --out "$dir" > "$dir.log" 2>&1 || true
    python3 - "$dir/rounds.csv" "$label" >> "$table" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
last = rows[-1]
best = max(float(r["test_accuracy"]) for r in rows)
joules = float(last["cumulative_compute_j"]) + float(last["cumulative_uplink_j"])
print(f"| {sys.argv[2]} | {100 * float(last['test_accuracy']):.2f}% | {100 * best:.2f}% | "
      f"{float(last['test_loss']):.4f} | {int(last['cumulative_uplink_bits']):,} | {joules:.3f} |")
PY
    tail -1 "$table" >&2
done
cat "$table"
