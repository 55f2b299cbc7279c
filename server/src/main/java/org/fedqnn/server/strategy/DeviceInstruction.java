package org.fedqnn.server.strategy;

import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * What a round asks of one selected device: train I local steps of batch B at precision n_k
 * with learning rate eta_t, and upload the delta with the bit width each tensor of
 * {@code updateTensors} names (m_{k,l}; float32 for tensors of layers kept in float).
 * Immutable.
 *
 * @param training      n_k
 * @param updateTensors the tensors of the update, in the model's order, each with its width
 * @param localSteps    I, at least 1
 * @param learningRate  eta_t, finite and positive
 * @param batchSize     samples per local step, at least 1
 */
public record DeviceInstruction(Precision training, List<ExpectedTensor> updateTensors, int localSteps,
                                double learningRate, int batchSize) {

    public DeviceInstruction {
        Objects.requireNonNull(training, "DeviceInstruction.training");
        updateTensors = List.copyOf(updateTensors);
        for (ExpectedTensor t : updateTensors) {
            if (training.isFloat() && t.encoding().isFixedPoint()) {
                throw new IllegalArgumentException("DeviceInstruction: a float32 device uploads float32 tensors, "
                        + "tensor '" + t.name() + "' is " + t.encoding());
            }
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("DeviceInstruction.localSteps must be >= 1, got " + localSteps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("DeviceInstruction.learningRate must be finite and > 0, got "
                    + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("DeviceInstruction.batchSize must be >= 1, got " + batchSize);
        }
    }

    /** The bits the update's values take on the wire, framing excluded. */
    public long payloadBits() {
        long bits = 0;
        for (ExpectedTensor t : updateTensors) {
            bits = Math.addExact(bits, Math.multiplyExact((long) t.elementCount(), t.encoding().bits()));
        }
        return bits;
    }
}
