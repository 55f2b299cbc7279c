package org.fedqnn.qnn.alloc;

import org.fedqnn.qnn.Checks;

/**
 * The measured significance: how much the loss on a small held-out sample rises when layer l's
 * delta alone is quantized at b bits and every other layer's delta is kept at full precision,
 * <pre>
 *     raw_l(b) = F(w + Q_b(delta_l) + delta_rest) - F(w + delta)
 *     D_l(b_i) = max(0, min_{j &lt;= i} raw_l(b_j))
 * </pre>
 * for the widths b_0 &lt; b_1 &lt; ... The caller evaluates F (the server, on its held-out
 * sample) through {@link QuantizedLoss}, and gives F(w + delta), the unquantized reference.
 *
 * <p>Why the running minimum over the narrower widths: a wider width is never worse in
 * expectation, but one stochastic quantization draw and a small sample make the measured
 * rise noisy, mostly where it is near 0 (the wide widths). Taking the least rise seen at any
 * width up to b makes the table non-increasing, as the allocators need, and drops upward noise
 * at the wide widths; max(0, .) drops the rises below 0 that noise also gives. FedLQ's
 * abstract says the significance is measured but not how: this recipe is ours.
 *
 * <p>{@link #table} calls the callback once per width of the layer, in ascending width order,
 * and nothing is cached between calls: L layers cost L W evaluations of F.
 *
 * <p>Immutable; thread-safe when its {@link QuantizedLoss} is.
 */
public final class MeasuredSignificance {

    /** F with one layer's delta quantized: the loss the server measures on its held-out sample. */
    @FunctionalInterface
    public interface QuantizedLoss {
        /**
         * F(w + Q_bits(delta_layer) + delta_rest): the held-out loss of the global model plus
         * the delta, with layer {@code layer}'s part of the delta quantized at {@code bits}
         * bits and every other layer's part at full precision.
         */
        double loss(int layer, int bits);
    }

    private final Widths widths;
    private final double referenceLoss;
    private final QuantizedLoss loss;

    /**
     * @param widths        the allowed widths
     * @param referenceLoss F(w + delta), the held-out loss with the whole delta unquantized, finite
     * @param loss          the callback that measures F with one layer quantized
     */
    public MeasuredSignificance(Widths widths, double referenceLoss, QuantizedLoss loss) {
        this.widths = Checks.notNull("MeasuredSignificance widths", widths);
        this.referenceLoss = Checks.finite("MeasuredSignificance referenceLoss", referenceLoss);
        this.loss = Checks.notNull("MeasuredSignificance loss", loss);
    }

    /**
     * The table of layer {@code layer}: one callback per width, ascending.
     *
     * @param layer  the layer's index as the callback knows it
     * @param name   the layer's name
     * @param values d_l, at least 1
     * @throws IllegalArgumentException when the callback returns a loss that is not finite
     */
    public LayerDistortion table(int layer, String name, long values) {
        double[] distortion = new double[widths.count()];
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < distortion.length; i++) {
            double measured = loss.loss(layer, widths.at(i));
            Checks.finite("MeasuredSignificance loss of layer " + name + " at " + widths.at(i) + " bits", measured);
            least = Math.min(least, measured - referenceLoss);
            distortion[i] = Math.max(0, least);
        }
        return new LayerDistortion(name, values, widths, distortion);
    }
}
