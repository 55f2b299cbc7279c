#!/usr/bin/env bash
# The base station's evaluation of a global model, as the main job runs it (paper-cnn at n = 8 on
# Fashion-MNIST: the 10,000 test images and the training loss on 2,000 samples), on 1 thread (the
# evaluation as it was) and on the threads a base station now uses (EvaluationWorkers.defaultThreads:
# the cores, at most 4). Prints, per thread count, the best and median wall milliseconds, the
# best per 10,000 images, the least process CPU milliseconds per 10,000, and the figures
# themselves (correct count, loss sum and its bits), which must be the same on every line pair.
# Usage: bench/eval-speed.sh [threads ...]      (default: 1 and nproc, at most 4; run it alone)
# Environment: WARMUP (2), REPEATS (5), TRAIN (50 steps of batch 32 before measuring), SKIP_BUILD=1
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
java --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.platform.extension=-onednn -Xmx4g \
  -cp "$jar" org.fedqnn.bench.EvalBench fashion-mnist paper-cnn 8 "${TRAIN:-50}" "${WARMUP:-2}" "${REPEATS:-5}" \
  "${threads[@]}" 2> /dev/null | grep -v '^\(HAVE_\|Ignoring\|Build\|Built\|STD\|GCC\|DEFAULT\|CPU\|Vendor\|\[\)'
