package org.fedqnn.client;

import java.util.List;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.train.QnnNetwork;

/**
 * The two gradient figures a device reports for the bound of eqs. (20)-(21), over the I local
 * steps of a round, g_s being step s's stochastic gradient ({@link QnnNetwork#lastGradientSquaredNorm}):
 *
 * <pre>
 *   mean squared norm  (1/I) sum_s ||g_s||^2                       an estimate of E||g||^2, which G bounds
 *   variance           (1/(I-1)) sum_s ||g_s - gbar||^2             an estimate of sigma_k^2
 * </pre>
 *
 * with gbar the mean of the g_s. The steps' gradients are taken at successive weights, so the
 * variance also holds the change of the true gradient over the round: it over-estimates
 * sigma_k^2, by more for larger I and learning rates. With I = 1 there is no spread to measure
 * and the variance is 0 ("not measured" on the wire). Not thread-safe: one per round.
 */
final class GradientMoments {

    private final double[][] sums;
    private double squaredNorms;
    private int steps;

    GradientMoments(QnnNetwork net) {
        List<ParameterInfo> params = net.parameters();
        sums = new double[params.size()][];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new double[Math.toIntExact(params.get(i).length())];
        }
    }

    /** Takes the gradient of the step {@code net} just ran. */
    void add(QnnNetwork net) {
        net.addLastGradient(sums);
        squaredNorms += net.lastGradientSquaredNorm();
        steps++;
    }

    /** (1/I) sum_s ||g_s||^2; 0 before any step. */
    double meanSquaredNorm() {
        return steps == 0 ? 0 : squaredNorms / steps;
    }

    /** (1/(I-1)) sum_s ||g_s - gbar||^2 = (sum_s ||g_s||^2 - I ||gbar||^2) / (I - 1); 0 when I < 2. */
    double variance() {
        if (steps < 2) {
            return 0;
        }
        double meanNormSquared = 0;
        for (double[] sum : sums) {
            for (double v : sum) {
                double mean = v / steps;
                meanNormSquared += mean * mean;
            }
        }
        return Math.max(0, (squaredNorms - steps * meanNormSquared) / (steps - 1));
    }
}
