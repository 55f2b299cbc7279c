#!/usr/bin/env bash
# Federation benchmarks (issue 5), scripted end to end with `fedqnn run` on loopback; never part
# of the tests. Prints three tables:
#   1. bytes per update on the wire against d*n/8, for n = 1, 2, 4, 8, 16 and float32;
#   2. round overhead: round wall time minus the slowest device's time to its update (download,
#      turn, compute, upload) minus the evaluation of the new model;
#   3. the paper's N = 50, K = 30, I = 5 with paper-cnn: seconds per round and the resident
#      memory of the server JVM (this launcher) and the device JVMs, sampled every second,
#      for K = 10 and K = 30.
# Usage: bash bench/federation-bench.sh [out-dir]   (about 10 minutes on 2 cores; run it alone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/target/federation}"
rm -rf "$out"
mkdir -p "$out"
fedqnn="$root/bin/fedqnn"

col() { # col FILE NAME -> values of the named CSV column, one per line (Python's csv reader)
  python3 -c 'import csv, sys; [print(row[sys.argv[2]]) for row in csv.DictReader(open(sys.argv[1]))]' "$1" "$2"
}

echo "== 1. bytes per update (paper-cnn on Fashion-MNIST, N = 4, K = 2, I = 1, 2 rounds) =="
printf '| n | d | d*n/8 bytes | payload bytes | bytes on the wire | overhead |\n|---|---|---|---|---|---|\n'
for n in 1 2 4 8 16 float; do
  run="$out/bytes-$n"
  "$fedqnn" run --bits "$n" --devices 4 --per-round 2 --local-steps 1 --rounds 2 --test-limit 500 \
    --seed 1 --out "$run" > "$run.log" 2>&1
  d=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["model"]["weights"])' "$run/manifest.json")
  bits=$([ "$n" = float ] && echo 32 || echo "$n")
  ideal=$(( (d * bits + 7) / 8 ))
  payload=$(col "$run/device-rounds.csv" payload_bytes | sort -n | tail -1)
  wire=$(col "$run/device-rounds.csv" bytes_received | sort -n | tail -1)
  awk -v n="$n" -v d="$d" -v i="$ideal" -v p="$payload" -v w="$wire" \
    'BEGIN { printf "| %s | %d | %d | %d | %d | %d B (%.3f%%) |\n", n, d, i, p, w, w - i, 100 * (w - i) / i }'
done

echo
echo "== 2. round overhead (the default run: N = 10, K = 5, I = 20, n = 8, 20 rounds) =="
run="$out/default"
"$fedqnn" run --seed 1 --out "$run" > "$run.log" 2>&1
paste -d, <(col "$run/rounds.csv" round_s) <(col "$run/rounds.csv" slowest_device_s) \
  <(col "$run/rounds.csv" evaluation_s) | awk -F, '
  { r += $1; s += $2; e += $3; n++ }
  END { o = r - s - e;
        printf "rounds %d: round %.2f s, slowest device %.2f s, evaluation %.2f s (means)\n", n, r/n, s/n, e/n;
        printf "overhead (round - slowest - evaluation): %.3f s per round = %.1f%% of the round, %.1f%% of round - evaluation\n", o/n, 100*o/r, 100*o/(r-e) }'
grep '^run ended' "$run.log"

echo
echo "== 3. N = 50, K = 10 and 30, I = 5, paper-cnn, 4 rounds; memory sampled every second =="
printf '| K | s per round (mean of rounds 2-4) | server RSS max MiB | device JVM RSS max MiB | test acc after 4 rounds |\n|---|---|---|---|---|\n'
for k in 10 30; do
  run="$out/paper-k$k"
  "$fedqnn" run --preset paper --per-round "$k" --rounds 4 --seed 1 --out "$run" > "$run.log" 2>&1 &
  launcher=$!
  server_max=0
  device_max=0
  while kill -0 "$launcher" 2> /dev/null; do
    # bin/fedqnn execs java: the launcher's pid is the server JVM
    s=$(ps -o rss= -p "$launcher" 2> /dev/null | tr -d ' ' || echo 0)
    [ -n "$s" ] && [ "$s" -gt "$server_max" ] && server_max=$s
    for p in $(pgrep -f 'org.fedqnn.cli.Main device' || true); do
      m=$(ps -o rss= -p "$p" 2> /dev/null | tr -d ' ' || echo 0)
      [ -n "$m" ] && [ "$m" -gt "$device_max" ] && device_max=$m
    done
    sleep 1
  done
  wait "$launcher" || true
  secs=$(col "$run/rounds.csv" round_s | tail -3 | awk '{ s += $1 } END { printf "%.1f", s / NR }')
  acc=$(col "$run/rounds.csv" test_accuracy | tail -1)
  awk -v k="$k" -v s="$secs" -v a="$server_max" -v b="$device_max" -v acc="$acc" \
    'BEGIN { printf "| %d | %s | %.0f | %.0f | %.2f%% |\n", k, s, a / 1024, b / 1024, 100 * acc }'
done
echo
echo "run folders and logs in $out"
