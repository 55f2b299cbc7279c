package org.fedqnn.server.strategy;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;

/**
 * Aggregation rules that bound what one update can do to w_{t+1}, for rounds that may hold a
 * hostile update. Each keeps the round's accepted deltas (4 bytes per value per update, by
 * device index) and combines them in {@link #next}, so the result depends only on the set of
 * updates, never on their arrival order:
 *
 * <ul>
 *   <li>{@link Rule#MEDIAN}: the coordinate-wise median (the mean of the middle two for an even
 *       count). Up to half the updates minus one can be arbitrary without moving a coordinate
 *       outside the honest values' range.</li>
 *   <li>{@link Rule#TRIMMED_MEAN}: per coordinate, the floor(beta K') largest and smallest values
 *       dropped and the rest averaged.</li>
 *   <li>{@link Rule#NORM_CLIP}: each update whose L2 norm exceeds {@code multiple} times the
 *       median norm of the round's updates is scaled down to that bound, then eq. (8)'s mean.</li>
 * </ul>
 *
 * Sums are taken in double in a fixed (sorted or device) order. The weights of quantized layers
 * are clipped to [-1, 1] afterwards, as eq. (8)'s are. Not thread-safe: {@link #add} runs under
 * the round loop's lock.
 */
public final class RobustAggregation implements Aggregation {

    /** The rules. */
    public enum Rule {
        MEDIAN, TRIMMED_MEAN, NORM_CLIP
    }

    private final Rule rule;
    private final double parameter;
    private final ModelLayout layout;
    private final FedAvgAccumulator checks;
    private final Map<Integer, float[][]> deltas = new TreeMap<>();

    /**
     * @param rule      the rule
     * @param parameter beta in [0, 0.5) for {@link Rule#TRIMMED_MEAN}, the multiple (> 0) for
     *                  {@link Rule#NORM_CLIP}, ignored for {@link Rule#MEDIAN}
     * @param layout    the model's tensors
     */
    public RobustAggregation(Rule rule, double parameter, ModelLayout layout) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.layout = Objects.requireNonNull(layout, "layout");
        if (rule == Rule.TRIMMED_MEAN && !(parameter >= 0 && parameter < 0.5)) {
            throw new IllegalArgumentException("trimmed mean: beta must be in [0, 0.5), got " + parameter);
        }
        if (rule == Rule.NORM_CLIP && !(parameter > 0 && Double.isFinite(parameter))) {
            throw new IllegalArgumentException("norm clip: the multiple must be finite and > 0, got " + parameter);
        }
        this.parameter = parameter;
        this.checks = new FedAvgAccumulator(layout.taskTensors());
    }

    @Override
    public String problemWith(int device, float[][] delta) {
        return checks.problemWith(delta, layout.taskTensors());
    }

    @Override
    public void add(int device, float[][] delta) {
        deltas.put(device, delta);
    }

    @Override
    public int count() {
        return deltas.size();
    }

    @Override
    public GlobalModel next(GlobalModel current) {
        float[][][] all = deltas.values().toArray(new float[0][][]);
        double[] scale = rule == Rule.NORM_CLIP ? clipScales(all) : null;
        float[][] out = new float[current.size()][];
        double[] column = new double[all.length];
        for (int i = 0; i < out.length; i++) {
            float[] w = current.tensor(i);
            float[] next = new float[w.length];
            for (int j = 0; j < w.length; j++) {
                for (int k = 0; k < all.length; k++) {
                    column[k] = scale == null ? all[k][i][j] : all[k][i][j] * scale[k];
                }
                float v = w[j] + (float) combine(column);
                next[j] = layout.clipped(i) ? Math.max(-1f, Math.min(1f, v)) : v;
            }
            out[i] = next;
        }
        return new GlobalModel(current.round() + 1, out);
    }

    /** The rule over one coordinate's values (sorted in place for the order-statistic rules). */
    private double combine(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        switch (rule) {
            case MEDIAN -> {
                Arrays.sort(v);
                int m = v.length / 2;
                return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
            }
            case TRIMMED_MEAN -> {
                Arrays.sort(v);
                int drop = (int) Math.floor(parameter * v.length);
                double sum = 0;
                for (int k = drop; k < v.length - drop; k++) {
                    sum += v[k];
                }
                return sum / (v.length - 2 * drop);
            }
            default -> {
                double sum = 0;
                for (double x : v) {
                    sum += x;
                }
                return sum / v.length;
            }
        }
    }

    /** Per update: 1, or bound / norm when its L2 norm exceeds multiple x the round's median norm. */
    private double[] clipScales(float[][][] all) {
        double[] norms = new double[all.length];
        for (int k = 0; k < all.length; k++) {
            double s = 0;
            for (float[] t : all[k]) {
                for (float x : t) {
                    s += (double) x * x;
                }
            }
            norms[k] = Math.sqrt(s);
        }
        double[] sorted = norms.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        double median = sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        double bound = parameter * median;
        double[] scale = new double[all.length];
        for (int k = 0; k < all.length; k++) {
            scale[k] = norms[k] > bound && norms[k] > 0 ? bound / norms[k] : 1;
        }
        return scale;
    }
}
