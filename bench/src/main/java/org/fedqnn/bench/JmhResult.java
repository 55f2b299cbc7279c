package org.fedqnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** The fedqnn benchmarks of a parsed JMH result file, in file order; others are skipped. */
    static List<JmhResult> fromJmhJson(Object json) {
        List<JmhResult> results = new ArrayList<>();
        for (Object item : (List<?>) json) {
            Map<?, ?> entry = (Map<?, ?>) item;
            String name = (String) entry.get("benchmark");
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
            Map<?, ?> params = (Map<?, ?>) entry.get("params");
            int bits = params.containsKey("bits") ? Integer.parseInt((String) params.get("bits")) : 0;
            long elements = Long.parseLong((String) params.get("elements"));
            Map<?, ?> metric = (Map<?, ?>) entry.get("primaryMetric");
            String unit = (String) metric.get("scoreUnit");
            double mean = secondsPerOp(((Number) metric.get("score")).doubleValue(), unit);
            double best = Double.POSITIVE_INFINITY;
            for (Object fork : (List<?>) metric.get("rawData")) {
                for (Object v : (List<?>) fork) {
                    best = Math.min(best, secondsPerOp(((Number) v).doubleValue(), unit));
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
