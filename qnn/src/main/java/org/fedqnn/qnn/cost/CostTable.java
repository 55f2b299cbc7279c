package org.fedqnn.qnn.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats a {@link NetworkCost} as a plain-text table, one row per layer and block join, then
 * the totals N_c (forward, backward, training), N_s and O_s. Numbers use {@code ,} grouping
 * (Locale.ROOT) so the output does not depend on the machine's locale.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class CostTable {

    private static final String[] HEADER = {"layer", "kind", "detail", "input", "output",
        "fwd MACs", "bwd MACs", "weights", "outputs"};

    private CostTable() {
    }

    /** The table and the totals, lines ended by {@code \n}. */
    public static String format(NetworkCost cost) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (LayerCost row : cost.layers()) {
            cells.add(new String[] {row.path(), row.kind(), row.detail(),
                row.input().toString(), row.output().toString(), number(row.forwardMacs()),
                number(row.backwardMacs()), number(row.weights()), number(row.outputs())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("network ").append(cost.network()).append(", input ").append(cost.input())
                .append(", output ").append(cost.output()).append(", counts per sample\n");
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                boolean numeric = c >= 5;
                String cell = numeric ? pad(line[c], widths[c], true) : pad(line[c], widths[c],
                        false);
                out.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append('\n');
        }
        total(out, "N_c forward MACs", cost.forwardMacs(), "");
        total(out, "    backward MACs", cost.backwardMacs(), "input gradients "
                + number(cost.inputGradientMacs()) + ", weight gradients "
                + number(cost.weightGradientMacs()));
        total(out, "    training MACs", cost.trainingMacs(), "forward + backward");
        total(out, "N_s weights", cost.weights(), "trainable; batch-norm running statistics "
                + number(cost.buffers()) + " not included");
        total(out, "O_s outputs", cost.outputs(), "values stored by layers and joins");
        return out.toString();
    }

    private static void total(StringBuilder out, String label, long value, String note) {
        out.append(String.format(Locale.ROOT, "%-18s %,16d", label, value));
        if (!note.isEmpty()) {
            out.append("  (").append(note).append(')');
        }
        out.append('\n');
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
