package org.fedqnn.client;

import java.util.Objects;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;

/**
 * What one device trains in one round: the model, the round t, the training precision n, I
 * local steps at learning rate eta_t on batches of B samples, and where the device's random
 * streams come from (run seed, device index k). Immutable and thread-safe.
 *
 * @param model        the network
 * @param round        t, at least 0
 * @param precision    n, the precision of the weights the device trains with
 * @param localSteps   I, at least 1
 * @param learningRate eta_t, finite and > 0
 * @param batchSize    B, at least 1
 * @param deviceIndex  k, at least 0
 * @param seed         the run seed
 */
public record TrainingTask(ModelDescription model, long round, Precision precision, int localSteps,
                           double learningRate, int batchSize, int deviceIndex, long seed) {

    public TrainingTask {
        Objects.requireNonNull(model, "TrainingTask.model");
        Objects.requireNonNull(precision, "TrainingTask.precision");
        if (round < 0) {
            throw new IllegalArgumentException("TrainingTask.round must be >= 0, got " + round);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("TrainingTask.localSteps must be >= 1, got " + localSteps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("TrainingTask.learningRate must be finite and > 0, got "
                    + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("TrainingTask.batchSize must be >= 1, got " + batchSize);
        }
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("TrainingTask.deviceIndex must be >= 0, got " + deviceIndex);
        }
    }

    /** Samples the round processes, I * B (counting repeats). */
    public long samples() {
        return (long) localSteps * batchSize;
    }
}
