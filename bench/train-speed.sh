#!/usr/bin/env bash
# Samples/s of one training step, batch 32, paper-cnn on 28x28x1 and 32x32x3: fedqnn float32 and
# QNN at n = 4 and 8 (TrainStepBench), and PyTorch on the same net and thread count as the outside
# anchor. Installs Debian's python3-torch when it is missing (the project itself never needs it).
#
# Usage: bench/train-speed.sh
# Environment:
#   WARMUP, STEPS, REPEATS   per precision (default 300, 150, 3): oneDNN needs a few hundred
#                            warm-up steps; each figure is the best of REPEATS timed runs
#   THREADS                  OpenMP/BLAS/PyTorch threads (default: nproc)
#   SKIP_BUILD=1             reuse bench/target/benchmarks.jar
# Run it alone on the machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
warmup="${WARMUP:-300}"
steps="${STEPS:-150}"
repeats="${REPEATS:-3}"
threads="${THREADS:-$(nproc)}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building ($root)" >&2
    (cd "$root" && mvn -B -q -pl qnn,bench -am -DskipTests package)
fi
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "== installing python3-torch (the PyTorch anchor)" >&2
    as_root=()
    [[ "$(id -u)" -ne 0 ]] && as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq python3-torch >/dev/null
fi
export OMP_NUM_THREADS="$threads"
for shape in 1x28x28 3x32x32; do
    echo
    java --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.platform.extension=-onednn -Xmx4g \
        -cp "$jar" org.fedqnn.bench.TrainStepBench paper-cnn "$shape" 32 "$warmup" "$steps" "$repeats" \
        float 8 4 2>/dev/null | grep -v '^\(HAVE_\|Ignoring\|Build\|Built\|STD\|GCC\|DEFAULT\|CPU\|Vendor\)'
    /usr/bin/python3 "$root/bench/torch_step.py" "$shape" 32 "$warmup" "$steps" "$repeats" "$threads"
done
