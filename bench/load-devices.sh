#!/usr/bin/env bash
# Load benchmark (issue 16, "1,000 devices"): one base station and a few device JVMs on loopback,
# light devices (the mlp model, I = 2 local steps of batch 8, 60,000 / N training images each),
# K = 100 per round at every N (so that what a round holds stays the same), a fixed number of rounds, evaluated every 5th round and the last on 1,000
# test images; each run stops by itself (and is killed after LIMIT_S seconds). For each N prints:
# rounds per minute (rounds after the first, which warms the devices up), round latency
# percentiles (p50/p90/p99/max of round_s), failed rounds (not aggregated, or fewer updates than
# devices selected), updates accepted of selected, the server JVM's heap after a full GC (jcmd
# GC.run then GC.heap_info, sampled every SAMPLE_S seconds once all devices registered: the least
# sample is what the run keeps between rounds, the largest includes a round's updates in flight)
# and its threads (largest /proc count), and the least heap's growth per device between sizes.
# Usage: bash bench/load-devices.sh [out-dir]   (N=250,500,1000 by default: about 10 minutes on 2 cores)
# Environment: SIZES ("250 500 1000"), K (100), ROUNDS (10), JVMS (4), LIMIT_S (900), SAMPLE_S (5), SKIP_BUILD=1
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/target/load}"
sizes="${SIZES:-250 500 1000}"
rounds="${ROUNDS:-10}"
jvms="${JVMS:-4}"
limit="${LIMIT_S:-900}"
sample="${SAMPLE_S:-5}"
k="${K:-100}"
rm -rf "$out"
mkdir -p "$out"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -DskipTests package)
fi

heap_after_gc_kib() { # the used heap in KiB after a full GC of JVM $1, or nothing when it is gone
  jcmd "$1" GC.run > /dev/null 2>&1 || return 0
  jcmd "$1" GC.heap_info 2> /dev/null | sed -n 's/.* total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}

printf '| N | K | JVMs | rounds | rounds/min | round p50 s | p90 s | p99 s | max s | failed rounds | updates accepted/selected | server heap after GC MiB, least / largest | server threads | registration s |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
prev_n=""; prev_heap=""
for n in $sizes; do
  run="$out/n$n"
  "$root/bin/fedqnn" run --model mlp --devices "$n" --per-round "$k" --quorum "$k" --local-steps 2 --batch 8 \
    --rounds "$rounds" --eval-every 5 --test-limit 1000 --device-jvms "$jvms" --device-heap 768m \
    --registration-timeout 600 --seed 1 --out "$run" > "$run.log" 2>&1 &
  pid=$!
  start=$(date +%s); heap=0; least=0; threads=0
  while kill -0 "$pid" 2> /dev/null; do
    now=$(date +%s)
    if (( now - start > limit )); then kill "$pid"; echo "N = $n: killed after $limit s" >&2; break; fi
    t=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
    (( ${t:-0} > threads )) && threads=$t
    if grep -q '^registered' "$run.log" 2> /dev/null; then
      h=$(heap_after_gc_kib "$pid")
      if [[ -n "$h" ]]; then
        (( h > heap )) && heap=$h
        (( least == 0 || h < least )) && least=$h
      fi
      sleep "$sample"
    else
      sleep 1
    fi
  done
  wait "$pid" || echo "N = $n: fedqnn run exited with $?" >&2
  reg=$(sed -n 's/^registered  all devices in \([0-9.]*\) s.*/\1/p' "$run.log")
  python3 - "$run/rounds.csv" "$n" "$k" "$jvms" "$least" "$heap" "$threads" "${reg:-?}" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
n, k, jvms, least, heap, threads, reg = sys.argv[2:]
secs = sorted(float(r["round_s"]) for r in rows[1:]) or [float(rows[0]["round_s"])]
def pct(p):  # nearest rank
    import math
    return secs[max(0, math.ceil(p / 100 * len(secs)) - 1)]
failed = sum(1 for r in rows if r["aggregated"] != "true" or int(r["received"]) < int(r["selected"]))
acc = sum(int(r["received"]) for r in rows); sel = sum(int(r["selected"]) for r in rows)
print(f"| {n} | {k} | {jvms} | {len(rows)} | {60 * len(secs) / sum(secs):.1f} | {pct(50):.2f} | {pct(90):.2f} | "
      f"{pct(99):.2f} | {secs[-1]:.2f} | {failed} | {acc}/{sel} | {int(least) / 1024:.1f} / {int(heap) / 1024:.1f} | {threads} | {reg} |")
PY
  if [[ -n "$prev_n" && "$least" != 0 && "$prev_heap" != 0 ]]; then
    echo "least heap after GC grows from N = $prev_n to $n by $(( (least - prev_heap) * 1024 / (n - prev_n) )) bytes per device"
  fi
  prev_n=$n; prev_heap=$least
done
