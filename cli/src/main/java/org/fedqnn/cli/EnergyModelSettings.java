package org.fedqnn.cli;

import java.util.Locale;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.bound.ConvergenceBound;
import org.fedqnn.qnn.bound.EnergyObjective;
import org.fedqnn.qnn.bound.FederatedSetting;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.ComputeWorkload;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.energy.UplinkExpectation;

/**
 * The typed form of {@link EnergyModelOptions}: everything {@code optimize} and
 * {@code figures} need besides the model's counts. Immutable and thread-safe.
 *
 * @param energy         P, B, N_0, A, alpha, n_max, p
 * @param cell           the square cell and its path loss
 * @param bound          L, mu, beta, gamma, sigma, G
 * @param federation     N, K, I
 * @param epsilon        the target gap, finite and &gt; 0
 * @param monteCarloRuns cells drawn for the uplink expectation, at least 1
 * @param seed           the seed of placement and fading
 */
record EnergyModelSettings(EnergyParameters energy, ChannelParameters cell, BoundParameters bound,
                           FederatedSetting federation, double epsilon, int monteCarloRuns,
                           long seed) {

    EnergyModelSettings {
        Checks.positive("--epsilon", epsilon);
        Checks.atLeast("--monte-carlo", 1, monteCarloRuns);
    }

    /** The section IV defaults with {@code runs} Monte Carlo cells. */
    static EnergyModelSettings paperDefaults(int runs, long seed) {
        return new EnergyModelSettings(EnergyParameters.paperDefaults(),
                ChannelParameters.paperDefaults(), BoundParameters.paperDefaults(),
                FederatedSetting.paperDefaults(), 0.01, runs, seed);
    }

    /** The Monte Carlo mean of 1 / r_k over placement and fading. */
    UplinkExpectation uplink() {
        return UplinkExpectation.monteCarlo(energy, cell, federation.devices(), monteCarloRuns,
                seed);
    }

    /** f_E for a workload and model size, with an uplink expectation already drawn. */
    EnergyObjective objective(ComputeWorkload workload, long modelSize, UplinkExpectation uplink) {
        return new EnergyObjective(energy, workload,
                new ConvergenceBound(bound, federation, modelSize), epsilon, uplink);
    }

    /** The lines that say which constants and readings were used. */
    String describe() {
        return String.format(Locale.ROOT,
                "N = %d, K = %d, I = %d, epsilon = %s; L = %s, mu = %s, beta = %s, gamma = %s, "
                        + "mean sigma_k^2 = %s, G = %s (%s)%n"
                        + "P = %s W, B = %s Hz, N_0 = %s dBm%s (noise %.3g W), A = %s J, alpha = %s, "
                        + "n_max = %d, p = %d MAC units%n"
                        + "cell %s m x %s m, path loss exponent %s, reference distance %s m",
                federation.devices(), federation.devicesPerRound(), federation.localSteps(),
                num(epsilon), num(bound.smoothnessL()), num(bound.strongConvexityMu()),
                num(bound.beta()), num(bound.gamma()), num(bound.meanSigmaSquared()),
                num(bound.gradientBoundG()),
                bound.gradientBoundReading() == BoundParameters.GradientBoundReading.SQUARED_NORM
                        ? "a bound on the squared norm: G in eq. (21)" : "as printed: G^2 in eq. (21)",
                num(energy.transmitPowerWatts()), num(energy.bandwidthHertz()), num(energy.noiseDbm()),
                energy.noiseReading() == EnergyParameters.NoiseReading.PER_HERTZ ? "/Hz" : " in total",
                energy.noisePowerWatts(), num(energy.macEnergyJoules()), num(energy.alpha()),
                energy.nMax(), energy.macUnits(), num(cell.areaSideMetres()),
                num(cell.areaSideMetres()), num(cell.pathLossExponent()),
                num(cell.referenceDistanceMetres()));
    }

    /** The note about Proposition 1's condition on L, or an empty string when it can hold. */
    String propositionNote() {
        if (bound.propositionConditionHolds(0)) {
            return "";
        }
        return String.format(Locale.ROOT,
                "note: Proposition 1 asks L < 2 eta_t / (2 eta_t^2 + 1); with L = %s and eta_0 = %s it "
                        + "fails (the right side is at most 0.707 and falls to 0 as eta_t does); the bound "
                        + "is evaluated anyway, as in the paper%n",
                num(bound.smoothnessL()), num(bound.learningRate(0)));
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+(e|$)", "$1");
    }
}
