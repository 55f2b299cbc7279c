package org.fedqnn.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark of a JMH JSON result file, reduced to what the quantizer table needs: the
 * operation, the path, the precision, the element count and the seconds per call (mean over
 * the measurement iterations, and the best single iteration). Immutable and thread-safe.
 *
 * @param operation {@code quantize+pack}, {@code unpack+dequantize} or {@code arraycopy}
 * @param path {@code vector}, {@code scalar}, or {@code -} for the baseline
 * @param bits precision n, 0 for the baseline
 * @param elements float elements per call
 * @param meanSeconds mean seconds per call over all measurement iterations
 * @param bestSeconds seconds per call of the fastest measurement iteration
 */
record JmhResult(String operation, String path, int bits, long elements, double meanSeconds,
                 double bestSeconds) {

    /** MB (10^6 bytes) of float data per second: 4 bytes per element over the time per call. */
    static double megabytesPerSecond(long elements, double seconds) {
        return 4.0 * elements / seconds / 1e6;
    }

    /**
     * One benchmark of a JMH JSON result file, as much of it as the table reads (JMH writes
     * more; the rest is ignored). Immutable.
     *
     * @param benchmark     the benchmark method's full name
     * @param params        its {@code @Param} values by name, empty when it has none
     * @param primaryMetric its score
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String benchmark, Map<String, String> params, Metric primaryMetric) {

        Entry {
            Objects.requireNonNull(benchmark, "JMH result: benchmark");
            Objects.requireNonNull(primaryMetric, "JMH result " + benchmark + ": primaryMetric");
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /**
     * A JMH score: the mean, its unit, and every measurement iteration of every fork.
     *
     * @param rawData per fork, per iteration
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metric(double score, String scoreUnit, List<List<Double>> rawData) {

        Metric {
            Objects.requireNonNull(scoreUnit, "JMH result: scoreUnit");
            Objects.requireNonNull(rawData, "JMH result: rawData");
        }
    }

    /** The entries of a JMH JSON result file, in file order. */
    static List<Entry> read(Path file) throws IOException {
        return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                .readValue(file.toFile(), new TypeReference<List<Entry>>() { });
    }

    /** The fedqnn benchmarks of a JMH result file's entries, in file order; others are skipped. */
    static List<JmhResult> of(List<Entry> entries) {
        List<JmhResult> results = new ArrayList<>();
        for (Entry entry : entries) {
            String name = entry.benchmark();
            String clazz = name.substring(0, name.lastIndexOf('.'));
            String method = name.substring(name.lastIndexOf('.') + 1);
            String path = clazz.endsWith(".VectorQuantizerBenchmark") ? "vector"
                    : clazz.endsWith(".ScalarQuantizerBenchmark") ? "scalar"
                    : clazz.endsWith(".ArraycopyBenchmark") ? "-" : null;
            if (path == null) {
                continue;
            }
            String operation = switch (method) {
                case "quantizeAndPack" -> "quantize+pack";
                case "unpackAndDequantize" -> "unpack+dequantize";
                default -> method;
            };
            Map<String, String> params = entry.params();
            int bits = params.containsKey("bits") ? Integer.parseInt(params.get("bits")) : 0;
            if (!params.containsKey("elements")) {
                throw new IllegalArgumentException(name + " has no 'elements' parameter");
            }
            long elements = Long.parseLong(params.get("elements"));
            Metric metric = entry.primaryMetric();
            double mean = secondsPerOp(metric.score(), metric.scoreUnit());
            double best = Double.POSITIVE_INFINITY;
            for (List<Double> fork : metric.rawData()) {
                for (double v : fork) {
                    best = Math.min(best, secondsPerOp(v, metric.scoreUnit()));
                }
            }
            results.add(new JmhResult(operation, path, bits, elements, mean, best));
        }
        return results;
    }

    /** A JMH score in {@code unit} (time per op, or ops per time) as seconds per op. */
    static double secondsPerOp(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unknown JMH score unit " + unit);
        }
        if (parts[1].equals("op")) {
            return score * seconds(parts[0]);
        }
        if (parts[0].equals("ops")) {
            return seconds(parts[1]) / score;
        }
        throw new IllegalArgumentException("unknown JMH score unit " + unit);
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1.0;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60.0;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
    }
}
