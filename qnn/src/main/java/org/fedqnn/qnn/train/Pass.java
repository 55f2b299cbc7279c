package org.fedqnn.qnn.train;

import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.StreamKey;

/**
 * One forward pass: training (stochastic draws keyed by {@link StepKeys}) or evaluation
 * (round-to-nearest, no draws).
 *
 * @param training           true in a training step
 * @param keys               the step's keys; null in evaluation
 * @param activationQuantizer the quantizer for activations (null for float32)
 */
record Pass(boolean training, StepKeys keys, Quantizer activationQuantizer) {

    long activationKey(int layer) {
        return training ? keys.key(StreamKey.Purpose.ACTIVATION_QUANTIZATION, layer) : 0L;
    }
}
