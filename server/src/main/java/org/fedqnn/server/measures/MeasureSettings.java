package org.fedqnn.server.measures;

import java.util.Objects;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;

/**
 * What the base station measures a run against: the energy model and cell of the ledger
 * (eqs. (9)-(12)), the bound's parameters as the paper gives them (eqs. (20)-(21)), the F* the
 * loss gap is taken from, and the target gap of the epsilon stop rule. Immutable and thread-safe.
 *
 * @param energy       P, B, N_0, A, alpha, n_max, p of the ledger
 * @param cell         the square cell devices are placed in, and its path loss
 * @param paperBound   L, mu, beta, gamma, sigma, G of the bound "with the paper's parameters"
 * @param fStar        F*, the loss of the optimum the gap F(w_t) - F* is taken from, finite and >= 0
 * @param fStarSource  where F* comes from, in words, for the report
 * @param targetGap    epsilon: stop once the measured gap is at most this, > 0; NaN for none
 * @param lossSamples  training samples F(w_t) is evaluated on, at least 1 (fewer when the set is smaller)
 * @param baseline     a run to report the energy saving against, or null
 */
public record MeasureSettings(EnergyParameters energy, ChannelParameters cell, BoundParameters paperBound,
                              double fStar, String fStarSource, double targetGap, int lossSamples,
                              Baseline baseline) {

    /** The default number of training samples F(w_t) is evaluated on. */
    public static final int DEFAULT_LOSS_SAMPLES = 2000;

    /** Where F* = 0 comes from when none is given. */
    public static final String ZERO_F_STAR = "0, the infimum of cross-entropy (no estimate given): the gap shown "
            + "is an upper estimate of the true gap";

    public MeasureSettings {
        Objects.requireNonNull(energy, "MeasureSettings.energy");
        Objects.requireNonNull(cell, "MeasureSettings.cell");
        Objects.requireNonNull(paperBound, "MeasureSettings.paperBound");
        if (!Double.isFinite(fStar) || fStar < 0) {
            throw new IllegalArgumentException("F* (--f-star) must be finite and >= 0, got " + fStar);
        }
        Objects.requireNonNull(fStarSource, "MeasureSettings.fStarSource");
        if (!Double.isNaN(targetGap) && !(targetGap > 0 && Double.isFinite(targetGap))) {
            throw new IllegalArgumentException("the target loss gap epsilon (--target-gap) must be > 0, got "
                    + targetGap);
        }
        if (lossSamples < 1) {
            throw new IllegalArgumentException("--loss-samples must be >= 1, got " + lossSamples);
        }
    }

    /** The paper's energy model, cell and bound; F* = 0; no target gap; {@value #DEFAULT_LOSS_SAMPLES} samples. */
    public static MeasureSettings paperDefaults() {
        return new MeasureSettings(EnergyParameters.paperDefaults(), ChannelParameters.paperDefaults(),
                BoundParameters.paperDefaults(), 0, ZERO_F_STAR, Double.NaN, DEFAULT_LOSS_SAMPLES, null);
    }

    /** These settings with {@code run} as the baseline. */
    public MeasureSettings withBaseline(Baseline run) {
        return new MeasureSettings(energy, cell, paperBound, fStar, fStarSource, targetGap, lossSamples, run);
    }

    /** True when a target gap is set. */
    public boolean hasTargetGap() {
        return !Double.isNaN(targetGap);
    }
}
