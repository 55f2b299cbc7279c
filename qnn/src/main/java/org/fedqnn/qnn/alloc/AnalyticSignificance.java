package org.fedqnn.qnn.alloc;

import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * The analytic significance proxy: the quantization variance a layer's delta takes on at b
 * bits by Lemma 1 of Kim et al. (E[(Q(w) - w)^2] &lt;= kappa^2 / 4 per value, kappa = 2^(1-b)),
 * summed over its d_l values and weighted by the layer's update energy e_l:
 * <pre>
 *     D_l(b) = e_l * d_l * 2^(2(1-b)) / 4  =  e_l * d_l * 2^(-2b)
 * </pre>
 *
 * <p>e_l is the caller's: we use the mean squared value of the layer's last aggregated delta
 * (the global model's w_t - w_{t-1} for that layer), a stand-in for how much the loss moves
 * with that layer. FedLQ's abstract names no formula: the variance term and this weight are
 * our choice. In the paper's unscaled format the variance bound does not depend on the values
 * themselves, so without the weight every layer would count only by its size.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class AnalyticSignificance {

    private AnalyticSignificance() {
    }

    /** Lemma 1's bound on the summed quantization variance of {@code values} values at {@code bits} bits: d kappa^2 / 4. */
    public static double lemma1Variance(long values, int bits) {
        Checks.atLeast("AnalyticSignificance values", 1, values);
        double kappa = FixedPointFormat.of(bits).kappa();
        return values * kappa * kappa / 4;
    }

    /**
     * The table D_l(b) = e_l * {@link #lemma1Variance}(d_l, b) for each width.
     *
     * @param name         the layer's name
     * @param values       d_l, at least 1
     * @param updateEnergy e_l, finite and at least 0 (e.g. the mean squared value of the
     *                     layer's last aggregated delta)
     * @param widths       the allowed widths
     */
    public static LayerDistortion table(String name, long values, double updateEnergy, Widths widths) {
        Checks.nonNegative("AnalyticSignificance updateEnergy of layer " + name, updateEnergy);
        Checks.notNull("AnalyticSignificance widths", widths);
        double[] distortion = new double[widths.count()];
        for (int i = 0; i < distortion.length; i++) {
            distortion[i] = updateEnergy * lemma1Variance(values, widths.at(i));
        }
        return new LayerDistortion(name, values, widths, distortion);
    }
}
