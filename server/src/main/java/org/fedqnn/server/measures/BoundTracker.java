package org.fedqnn.server.measures;

import java.util.List;
import java.util.Objects;
import java.util.stream.DoubleStream;
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
 *       largest, over the rounds so far, of each round's median of the mean ||g||^2 its devices
 *       reported, and mean sigma_k^2 the mean over rounds of each round's median reported
 *       gradient variance (see the client's {@code GradientMoments}). The median over a round's
 *       devices is there so that one device cannot move the estimates by orders of magnitude: it
 *       takes more than half of a round's devices to drag it. G is then a bound on the squared
 *       norm, the reading {@link BoundParameters.GradientBoundReading#SQUARED_NORM}.</li>
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

    /** Takes the gradient figures of a round's accepted updates (0 means not measured and is skipped). */
    public void observeRound(List<UpdateReport> reports) {
        double norm = median(reports.stream().mapToDouble(UpdateReport::meanSquaredGradientNorm));
        if (!Double.isNaN(norm)) {
            largestSquaredNorm = Double.isNaN(largestSquaredNorm) ? norm : Math.max(largestSquaredNorm, norm);
        }
        double variance = median(reports.stream().mapToDouble(UpdateReport::gradientVariance));
        if (!Double.isNaN(variance)) {
            varianceSum += variance;
            varianceCount++;
        }
    }

    /** The median of the positive values (the mean of the middle two for an even count); NaN when none. */
    static double median(DoubleStream values) {
        double[] v = values.filter(x -> x > 0).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The largest round median of the squared gradient norm so far, NaN before any; for a checkpoint. */
    public double largestSquaredNorm() {
        return largestSquaredNorm;
    }

    /** The sum of the rounds' median gradient variances so far; for a checkpoint. */
    public double varianceSum() {
        return varianceSum;
    }

    /** The rounds summed in {@link #varianceSum}; for a checkpoint. */
    public long varianceCount() {
        return varianceCount;
    }

    /** Continues from a checkpoint's estimates. */
    public void restore(double largestSquaredNorm, double varianceSum, long varianceCount) {
        this.largestSquaredNorm = largestSquaredNorm;
        this.varianceSum = varianceSum;
        this.varianceCount = varianceCount;
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
