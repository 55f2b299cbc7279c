#!/usr/bin/env bash
# Fuzzes every Jazzer target (the *FuzzTest classes) for SECONDS_PER_TARGET seconds each (default
# 300), one JVM per target, and prints each target's executions and findings. The generated corpus
# of every target grows in <module>/.cifuzz-corpus (not committed); a finding fails the target's
# test and Jazzer writes the crashing input into the target's Inputs folder under
# src/test/resources, where the regression run (every `mvn verify`) replays it from then on.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (MVN_FLAGS, default -o, go to every mvn call)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (a positive whole number, got '$seconds')" >&2
  exit 2
fi
targets=(proto:TensorAssemblerFuzzTest server:IntakeFuzzTest qnn:ModelFileFuzzTest
         datasets:IdxReaderFuzzTest datasets:Cifar10ReaderFuzzTest)
logs=target/fuzz-logs
mkdir -p "$logs"
read -r -a flags <<< "${MVN_FLAGS:--o}"
total_runs=0
total_findings=0
printf '%-26s %12s %9s %10s  %s\n' target executions seconds exec/s findings
for t in "${targets[@]}"; do
  module=${t%%:*}
  cls=${t#*:}
  log="$logs/$cls.log"
  stamp="$logs/$cls.start"
  touch "$stamp"
  start=$(date +%s)
  mvn -B -ntp -q "${flags[@]}" -pl "$module" -am test -Pfuzz -Dtest="$cls" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true \
    -Dfuzz.seconds="$seconds" -Dfuzz.verbosity=1 -Dfuzz.seed=0 > "$log" 2>&1 || true
  wall=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | awk '{print $2}')
  report=$(ls "$module"/target/surefire-reports-fuzz/*."$cls".txt 2>/dev/null || true)
  findings=()
  while IFS= read -r f; do
    [ -n "$f" ] && findings+=("$f")
  done < <(find "$module/src/test/resources" -path "*${cls}Inputs*" -type f \
             \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) -newer "$stamp" 2>/dev/null)
  failed=""
  if [ -z "$report" ]; then
    failed="no test report (see $log)"
  elif grep -q "FAILURE" "$report"; then
    failed=$(grep -m1 -A2 '<<< \(ERROR\|FAILURE\)!' "$report" | sed -n 2p | cut -c1-160)
  fi
  printf '%-26s %12s %9s %10s  %s\n' "$cls" "${runs:-?}" "$wall" "${rate:-?}" \
    "${#findings[@]}${failed:+: $failed}"
  for f in "${findings[@]}"; do
    echo "    input: $f"
  done
  total_runs=$(( total_runs + ${runs:-0} ))
  total_findings=$(( total_findings + ${#findings[@]} ))
  if [ -n "$failed" ] && [ ${#findings[@]} -eq 0 ]; then
    total_findings=$(( total_findings + 1 ))
  fi
done
echo "total: $total_runs executions, $total_findings findings (logs in $logs)"
[ "$total_findings" -eq 0 ]
