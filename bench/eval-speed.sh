#!/usr/bin/env bash
# The base station's evaluation of a global model, as the main job runs it (paper-cnn at n = 8 on
# Fashion-MNIST: the 10,000 test images and the training loss on 2,000 samples), on 1 thread (the
# evaluation as it was) and on the threads a base station now uses (EvaluationWorkers.defaultThreads:
# the cores, at most 4). Prints, per thread count, the best and median wall milliseconds, the
# best per 10,000 images, the least process CPU milliseconds per 10,000, and the figures
# themselves (correct count, loss sum and its bits), which must be the same on every line pair.
# Usage: bench/eval-speed.sh [threads ...]      (default: 1 and nproc, at most 4; run it alone)
# Each thread count runs with the float pass and with the integer pass (IntegerForward), whose figures
# must be the same, bit for bit.
# Environment: WARMUP (2), REPEATS (5), TRAIN (50 steps of batch 32 before measuring), SKIP_BUILD=1,
# PASSES ("float integer"), OMP_WAIT_POLICY (PASSIVE; "default" for unset)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
threads=("$@")
if [[ ${#threads[@]} -eq 0 ]]; then
  n=$(nproc); (( n > 4 )) && n=4
  threads=(1 "$n")
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl server,bench -am -DskipTests package)
fi
# OpenMP waits as bin/fedqnn sets it (PASSIVE) unless OMP_WAIT_POLICY says otherwise; "default"
# leaves it unset (libgomp spins a while, as fedqnn ran before).
if [[ "${OMP_WAIT_POLICY:-PASSIVE}" == default ]]; then
  unset OMP_WAIT_POLICY
else
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
fi
echo "# OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}"
# PASSES: "float integer" (default): the float pass (-Dfedqnn.integerEvaluation=false, the evaluation
# before the integer pass) and the integer pass (convolutions on codes, where the CPU has VNNI).
for pass in ${PASSES:-float integer}; do
  case "$pass" in
    float) flag=false ;;
    integer) flag=true ;;
    *) echo "unknown pass '$pass' (float or integer)" >&2; exit 2 ;;
  esac
  echo "# $pass pass"
  java --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.platform.extension=-onednn -Xmx4g \
    -Dfedqnn.integerEvaluation="$flag" \
    -cp "$jar" org.fedqnn.bench.EvalBench fashion-mnist paper-cnn 8 "${TRAIN:-50}" "${WARMUP:-2}" "${REPEATS:-5}" \
    "${threads[@]}" 2> /dev/null | grep -v '^\(HAVE_\|Ignoring\|Build\|Built\|STD\|GCC\|DEFAULT\|CPU\|Vendor\|\[\)'
done
