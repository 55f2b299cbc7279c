package org.fedqnn.server.intake;

/**
 * What a device reports with its update (the trailer): the costs it measured while producing
 * it (section II.C) and its local loss. Validated: counts in 0..2^50, steps at least 1, every
 * real finite, non-negative and below a stated maximum, so that no figure a device sends can
 * overflow the server's arithmetic or carry 1e300 into the run's totals. The base station does
 * not charge these counts: it computes its own ({@code ComplianceCosts}) and refuses a trailer
 * that disagrees, or records it as suspect ({@code CostMismatch}). Immutable and thread-safe.
 *
 * @param forwardMacsPerSample    N_c
 * @param backwardMacsPerSample   MACs of one backward pass per sample
 * @param weights                 N_s
 * @param outputsPerSample        O_s
 * @param samplesUsed             samples processed in the round
 * @param localSteps              local steps run
 * @param computeSeconds          wall seconds of local training
 * @param meanLocalLoss           mean training loss over the local steps
 * @param meanSquaredGradientNorm mean ||g||^2 over the local steps, 0 when not measured
 * @param gradientVariance        variance of the stochastic gradient, 0 when not measured
 * @param bytesSent               the device's count of the bytes it sent before the trailer
 * @param quantizationVariance    the variance the quantization of eq. (4) added to the delta, given its
 *                                values (sum of E[(Q(x) - x)^2 | x]); NaN when the device did not report it
 */
public record UpdateReport(long forwardMacsPerSample, long backwardMacsPerSample, long weights,
                           long outputsPerSample, long samplesUsed, int localSteps, double computeSeconds,
                           double meanLocalLoss, double meanSquaredGradientNorm, double gradientVariance,
                           long bytesSent, double quantizationVariance) {

    /** The largest count accepted (MACs, weights, outputs, samples, bytes): 2^50, so sums and products of a few stay exact. */
    public static final long MAX_COUNT = 1L << 50;
    /** The largest mean local loss accepted (a cross-entropy near e^-1000 of the true class). */
    public static final double MAX_LOSS = 1e3;
    /** The largest gradient figure accepted (mean ||g||^2, variance). */
    public static final double MAX_GRADIENT_FIGURE = 1e15;
    /** The largest compute time accepted, seconds (about four months). */
    public static final double MAX_COMPUTE_SECONDS = 1e7;
    /** The largest quantization variance accepted: 1e15, as for the gradient figures. */
    public static final double MAX_QUANTIZATION_VARIANCE = 1e15;

    public UpdateReport {
        count("forward_macs_per_sample", forwardMacsPerSample);
        count("backward_macs_per_sample", backwardMacsPerSample);
        count("weights", weights);
        count("outputs_per_sample", outputsPerSample);
        count("samples_used", samplesUsed);
        if (localSteps < 1) {
            throw new IllegalArgumentException("UpdateTrailer.local_steps must be >= 1, got " + localSteps);
        }
        real("compute_seconds", computeSeconds, MAX_COMPUTE_SECONDS);
        real("mean_local_loss", meanLocalLoss, MAX_LOSS);
        real("mean_squared_gradient_norm", meanSquaredGradientNorm, MAX_GRADIENT_FIGURE);
        real("gradient_variance", gradientVariance, MAX_GRADIENT_FIGURE);
        count("bytes_sent", bytesSent);
        if (!Double.isNaN(quantizationVariance)) {
            real("quantization_variance", quantizationVariance, MAX_QUANTIZATION_VARIANCE);
        }
    }

    /** A report without the quantization variance (NaN: not reported), as devices before it send. */
    public UpdateReport(long forwardMacsPerSample, long backwardMacsPerSample, long weights, long outputsPerSample,
                        long samplesUsed, int localSteps, double computeSeconds, double meanLocalLoss,
                        double meanSquaredGradientNorm, double gradientVariance, long bytesSent) {
        this(forwardMacsPerSample, backwardMacsPerSample, weights, outputsPerSample, samplesUsed, localSteps,
                computeSeconds, meanLocalLoss, meanSquaredGradientNorm, gradientVariance, bytesSent, Double.NaN);
    }

    /**
     * The quantization variance of a trailer: NaN when the field is absent (not measured); when
     * present it must be a number, finite in [0, {@value #MAX_QUANTIZATION_VARIANCE}] (the
     * constructor checks the range).
     *
     * @throws IllegalArgumentException for a present NaN, naming the field
     */
    public static double quantizationVariance(boolean present, double value) {
        if (!present) {
            return Double.NaN;
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("UpdateTrailer.quantization_variance must be finite in [0, "
                    + MAX_QUANTIZATION_VARIANCE + "] when set (leave it unset when not measured), got NaN");
        }
        return value;
    }

    /** Whether the device reported the quantization variance of its delta. */
    public boolean reportsQuantizationVariance() {
        return !Double.isNaN(quantizationVariance);
    }

    private static void count(String field, long value) {
        if (value < 0 || value > MAX_COUNT) {
            throw new IllegalArgumentException("UpdateTrailer." + field + " must be in 0..2^50, got " + value);
        }
    }

    private static void real(String field, double value, double max) {
        if (!Double.isFinite(value) || value < 0 || value > max) {
            throw new IllegalArgumentException("UpdateTrailer." + field + " must be finite in [0, " + max + "], got "
                    + value);
        }
    }
}
