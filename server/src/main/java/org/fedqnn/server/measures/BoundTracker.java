package org.fedqnn.server.measures;

import java.util.Objects;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.bound.ConvergenceBound;
import org.fedqnn.qnn.bound.FederatedSetting;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.intake.UpdateReport;

/**
 * Puts eq. (20) next to a real run: after T rounds, E[F(w_T) - F*] &lt;= (L/2) v / (T + gamma),
 * with v of eq. (21) for the run's N, K, I, its model size d and its training precision n
 * (float32 is read as n = 32, which makes the quantization term vanish).
 *
 * <p>Two sets of parameters, always named in the report:
 * <ul>
 *   <li><em>paper</em>: L, mu, sigma_k and G of section IV ({@link MeasureSettings#paperBound});</li>
 *   <li><em>estimated</em>: the same L and mu (nothing here estimates them honestly), with G the
 *       largest mean ||g||^2 any device reported so far and mean sigma_k^2 the mean of the
 *       reported gradient variances (see the client's {@code GradientMoments}). G is then a
 *       bound on the squared norm, the reading {@link BoundParameters.GradientBoundReading#SQUARED_NORM}.</li>
 * </ul>
 * Both use the run's own learning-rate gamma, since eq. (20) is a statement about the schedule
 * the run follows. Not thread-safe: the coordinator's thread owns it.
 */
public final class BoundTracker {

    private final BoundParameters paper;
    private final FederatedSetting setting;
    private final long modelSize;
    private final double n;
    private final double fStar;
    private double largestSquaredNorm = Double.NaN;
    private double varianceSum;
    private long varianceCount;

    public BoundTracker(RunSettings settings, long modelSize) {
        Objects.requireNonNull(settings, "settings");
        this.paper = paperFor(settings);
        this.setting = new FederatedSetting(settings.devices(), settings.devicesPerRound(), settings.localSteps());
        this.modelSize = modelSize;
        this.n = settings.trainingPrecision().wireBits();
        this.fStar = settings.measures().fStar();
    }

    /** The paper's L, mu, sigma and G ({@link MeasureSettings#paperBound}) with the run's beta and gamma. */
    public static BoundParameters paperFor(RunSettings settings) {
        BoundParameters p = settings.measures().paperBound();
        return new BoundParameters(p.smoothnessL(), p.strongConvexityMu(), settings.learningRate().beta(),
                settings.learningRate().gamma(), p.meanSigmaSquared(), p.gradientBoundG(), p.gradientBoundReading());
    }

    /**
     * {@code paper}'s L, mu, beta and gamma with an estimated G (a bound on the squared norm) and
     * mean sigma_k^2.
     */
    public static BoundParameters estimatedFrom(BoundParameters paper, double gradientBoundG,
                                                double meanSigmaSquared) {
        return new BoundParameters(paper.smoothnessL(), paper.strongConvexityMu(), paper.beta(), paper.gamma(),
                meanSigmaSquared, gradientBoundG, BoundParameters.GradientBoundReading.SQUARED_NORM);
    }

    /** Takes the gradient figures of an accepted update (0 means not measured and is skipped). */
    public void observe(UpdateReport report) {
        if (report.meanSquaredGradientNorm() > 0) {
            largestSquaredNorm = Double.isNaN(largestSquaredNorm) ? report.meanSquaredGradientNorm()
                    : Math.max(largestSquaredNorm, report.meanSquaredGradientNorm());
        }
        if (report.gradientVariance() > 0) {
            varianceSum += report.gradientVariance();
            varianceCount++;
        }
    }

    /** The parameters of the estimated bound, or null before any gradient was reported. */
    public BoundParameters estimated() {
        if (Double.isNaN(largestSquaredNorm)) {
            return null;
        }
        return estimatedFrom(paper, largestSquaredNorm, varianceCount == 0 ? 0 : varianceSum / varianceCount);
    }

    /** The point after {@code rounds} aggregated rounds, for the model whose training loss is {@code training}. */
    public BoundPoint point(long rounds, Evaluation training) {
        double loss = training.meanLoss();
        double paperBound = new ConvergenceBound(paper, setting, modelSize).gapBound(n, rounds);
        BoundParameters est = estimated();
        double estimatedBound = est == null ? Double.NaN
                : new ConvergenceBound(est, setting, modelSize).gapBound(n, rounds);
        return new BoundPoint(rounds, loss, loss - fStar, paperBound, estimatedBound,
                est == null ? Double.NaN : est.gradientBoundG(), est == null ? Double.NaN : est.meanSigmaSquared());
    }
}
