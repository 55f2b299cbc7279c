package org.fedqnn.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prints the quantizer benchmarks of a JMH JSON result file as a table: operation, n,
 * elements, path, MB/s of float data (input for quantize+pack, output for unpack+dequantize)
 * and the ratio to {@code System.arraycopy} of the same floats (arraycopy time / kernel time),
 * checked against the goals (quantize+pack >= 0.50, unpack+dequantize >= 0.70). MB/s and ratio
 * use each benchmark's best measurement iteration; the mean is shown beside them.
 *
 * <p>Usage: {@code ResultTable results.json [--markdown]}.
 */
public final class ResultTable {

    /** Goal for quantize+pack, as a fraction of arraycopy throughput. */
    static final double PACK_GOAL = 0.50;
    /** Goal for unpack+dequantize, as a fraction of arraycopy throughput. */
    static final double UNPACK_GOAL = 0.70;

    private ResultTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--markdown"))) {
            System.err.println("usage: ResultTable <jmh-results.json> [--markdown]");
            System.exit(2);
        }
        List<JmhResult> results = JmhResult.of(JmhResult.read(Path.of(args[0])));
        boolean markdown = args.length == 2;
        System.out.print(render(results, markdown));
    }

    /** The table of {@code results}, plain text or Markdown. */
    static String render(List<JmhResult> results, boolean markdown) {
        List<JmhResult> sorted = results.stream()
                .sorted(Comparator.comparing((JmhResult r) -> order(r.operation()))
                        .thenComparingLong(JmhResult::elements)
                        .thenComparingInt(JmhResult::bits)
                        .thenComparing(JmhResult::path, Comparator.reverseOrder()))
                .toList();
        String[] header = {"operation", "n", "elements", "path", "MB/s", "ratio", "goal", "mean MB/s", "mean ratio"};
        StringBuilder sb = new StringBuilder();
        row(sb, markdown, header);
        if (markdown) {
            row(sb, true, new String[] {"---", "--:", "--:", "---", "--:", "--:", "---", "--:", "--:"});
        }
        for (JmhResult r : sorted) {
            JmhResult copy = baseline(results, r.elements());
            double best = JmhResult.megabytesPerSecond(r.elements(), r.bestSeconds());
            double mean = JmhResult.megabytesPerSecond(r.elements(), r.meanSeconds());
            String ratio = copy == null ? "?" : fmt("%.3f", copy.bestSeconds() / r.bestSeconds());
            String meanRatio = copy == null ? "?" : fmt("%.3f", copy.meanSeconds() / r.meanSeconds());
            String goal = goal(r, copy);
            row(sb, markdown, new String[] {r.operation(), r.bits() == 0 ? "-" : Integer.toString(r.bits()),
                    Long.toString(r.elements()), r.path(), fmt("%.0f", best), ratio, goal, fmt("%.0f", mean),
                    meanRatio});
        }
        return sb.toString();
    }

    private static String goal(JmhResult r, JmhResult copy) {
        double target = switch (r.operation()) {
            case "quantize+pack" -> PACK_GOAL;
            case "unpack+dequantize" -> UNPACK_GOAL;
            default -> Double.NaN;
        };
        if (Double.isNaN(target) || copy == null) {
            return "-";
        }
        boolean met = copy.bestSeconds() / r.bestSeconds() >= target;
        return fmt(">=%.2f ", target) + (met ? "met" : "MISSED");
    }

    private static JmhResult baseline(List<JmhResult> results, long elements) {
        return results.stream()
                .filter(r -> r.operation().equals("arraycopy") && r.elements() == elements)
                .findFirst().orElse(null);
    }

    private static int order(String operation) {
        return switch (operation) {
            case "arraycopy" -> 0;
            case "quantize+pack" -> 1;
            case "unpack+dequantize" -> 2;
            default -> 3;
        };
    }

    private static void row(StringBuilder sb, boolean markdown, String[] cells) {
        int[] widths = {17, 2, 8, 6, 8, 5, 12, 9, 10};
        if (markdown) {
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
            return;
        }
        for (int i = 0; i < cells.length; i++) {
            boolean left = i == 0 || i == 3 || i == 6;
            String cell = cells[i];
            String pad = " ".repeat(Math.max(0, widths[i] - cell.length()));
            sb.append(left ? cell + pad : pad + cell).append(i + 1 < cells.length ? "  " : "\n");
        }
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
