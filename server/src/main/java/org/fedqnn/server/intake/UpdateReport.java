package org.fedqnn.server.intake;

/**
 * What a device reports with its update (the trailer): the costs it measured while producing
 * it (section II.C) and its local loss. Validated: counts non-negative, steps at least 1,
 * every real finite and non-negative. Immutable and thread-safe.
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
 */
public record UpdateReport(long forwardMacsPerSample, long backwardMacsPerSample, long weights,
                           long outputsPerSample, long samplesUsed, int localSteps, double computeSeconds,
                           double meanLocalLoss, double meanSquaredGradientNorm, double gradientVariance,
                           long bytesSent) {

    public UpdateReport {
        nonNegative("forward_macs_per_sample", forwardMacsPerSample);
        nonNegative("backward_macs_per_sample", backwardMacsPerSample);
        nonNegative("weights", weights);
        nonNegative("outputs_per_sample", outputsPerSample);
        nonNegative("samples_used", samplesUsed);
        if (localSteps < 1) {
            throw new IllegalArgumentException("UpdateTrailer.local_steps must be >= 1, got " + localSteps);
        }
        finite("compute_seconds", computeSeconds);
        finite("mean_local_loss", meanLocalLoss);
        finite("mean_squared_gradient_norm", meanSquaredGradientNorm);
        finite("gradient_variance", gradientVariance);
        nonNegative("bytes_sent", bytesSent);
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("UpdateTrailer." + field + " must be >= 0, got " + value);
        }
    }

    private static void finite(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("UpdateTrailer." + field + " must be finite and >= 0, got " + value);
        }
    }
}
