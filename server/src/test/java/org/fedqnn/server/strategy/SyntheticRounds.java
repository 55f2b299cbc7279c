package org.fedqnn.server.strategy;

import java.util.List;
import org.fedqnn.qnn.energy.ComputeEnergy;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.calibrate.QuantizationVariance;

/**
 * Rounds that follow the calibrated model exactly, F_t = F - C eta F + H N_t(n), for the tests
 * of the energy-aware policy: known constants, a run at the precisions a policy chooses.
 *
 * @param h the weight H of the noise term
 */
record SyntheticRounds(double h) {

    static final long D = 20_000;
    static final int I = 10;
    static final int K = 4;
    static final double C = 2.5;
    static final double SIGMA2 = 900;
    static final double MSQ = 1000;
    static final ComputeWorkload WORK = new ComputeWorkload(ComputeWorkload.Source.MEASURED_ROUND, 4e9, 2e5, 3e7);
    static final CalibratedPredictor.Setup SETUP = new CalibratedPredictor.Setup(D, I,
            EnergyParameters.paperDefaults(), WORK);

    /** A round at n after loss {@code before} (NaN for the first), with the devices' mean ||g||^2 {@code msq}. */
    FinishedRound round(long t, int n, double before, double msq) {
        return round(t, n, K, before, msq);
    }

    /** As above, with {@code k} devices selected and aggregated (the noise falls as 1/k, the joules grow as k). */
    FinishedRound round(long t, int n, int k, double before, double msq) {
        double eta = 1.0 / (t + 10);
        double f = 1.4;
        if (!Double.isNaN(before)) {
            double gbar = (I * MSQ - (I - 1) * SIGMA2) / I;
            double q = QuantizationVariance.ofDelta(eta * eta * I * I * gbar, D, n, false);
            f = before - C * eta * before + h * (eta * eta * I * SIGMA2 + q) / k;
        }
        double bits = 700 + D * n;
        double compute = k * ComputeEnergy.of(EnergyParameters.paperDefaults(), WORK, n).totalJoules();
        return new FinishedRound(t, new RoundPrecision(Precision.fixed(n), Precision.fixed(n)), true,
                f, f + 0.1, 0.95 - 0.2 * f, compute, k * bits * 3e-9, (long) (k * bits), SIGMA2, Double.NaN, eta, k,
                msq, SIGMA2);
    }

    /** {@code rounds} rounds run at the precisions {@code policy} chooses. */
    RoundHistory run(PrecisionPolicy policy, int rounds) {
        RoundHistory history = RoundHistory.EMPTY;
        for (int t = 0; t < rounds; t++) {
            RoundPrecision p = policy.next(history);
            history = history.with(round(t, p.training().bits(), p.participantsOf(K),
                    history.isEmpty() ? Double.NaN : history.last().globalLoss(), MSQ));
        }
        return history;
    }

    /** The devices each round aggregated (as in a real run, the round's precision does not carry K_t). */
    static List<Integer> ks(RoundHistory history) {
        return history.rounds().stream().map(FinishedRound::updates).toList();
    }

    /** The training n of each round. */
    static List<Integer> ns(RoundHistory history) {
        return history.rounds().stream().map(r -> r.precision().training().bits()).toList();
    }
}
