#!/usr/bin/env bash
# Builds the bench module and runs the quantizer JMH benchmarks (vector and scalar paths,
# against System.arraycopy), writes JMH's JSON results and prints a table of MB/s and ratios.
#
# Usage: bench/quantizer-bench.sh [extra JMH arguments...]
#   e.g. bench/quantizer-bench.sh -p elements=1048576 -p bits=4     (a subset)
# Environment:
#   RESULTS=<file>   where the JMH JSON goes (default bench/target/quantizer-bench.json)
#   SKIP_BUILD=1     reuse bench/target/benchmarks.jar as it is
#   JAVA=<java>      the java launcher (default: java on PATH)
# Run it alone on the machine: the benchmarks are single-threaded but timing-sensitive.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
results="${RESULTS:-$root/bench/target/quantizer-bench.json}"
java="${JAVA:-java}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building ($root)" >&2
    (cd "$root" && mvn -B -q -pl qnn,bench -am -DskipTests package)
fi
[[ -f "$jar" ]] || { echo "missing $jar: build first" >&2; exit 1; }
mkdir -p "$(dirname "$results")"

# Forks, JVM flags, warmup (3 x 1 s) and measurement (5 x 1 s) come from the benchmark
# annotations; the scalar fork adds -Dfedqnn.vector=false. Do not pass -jvmArgs here: it
# would replace the annotations' flags and put both paths on the same one.
echo "== running JMH, results in $results" >&2
"$java" -jar "$jar" 'org\.fedqnn\.bench\..*' -rf json -rff "$results" "$@"

echo
echo "== $(nproc) cores, $("$java" -version 2>&1 | head -n 1)"
echo "== MB/s: MB (10^6 bytes) of float data per second; ratio = arraycopy time / kernel time"
"$java" -cp "$jar" org.fedqnn.bench.ResultTable "$results"
