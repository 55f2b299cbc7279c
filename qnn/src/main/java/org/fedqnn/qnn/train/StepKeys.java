package org.fedqnn.qnn.train;

import org.fedqnn.qnn.StreamKey;

/**
 * Where one local step sits in a run, for the random streams of its quantization draws:
 * weight layer {@code l} of step {@code s} draws from
 * {@code child(derive(seed, WEIGHT_QUANTIZATION, round, device, l), s)} (then a child per weight
 * tensor and bias), and activations alike
 * with {@code ACTIVATION_QUANTIZATION}. Immutable and thread-safe.
 *
 * @param seed   the run seed
 * @param round  the global round t (an epoch in centralised training), at least 0
 * @param device the device index (0 in centralised training), at least 0
 * @param step   the local step within the round, at least 0
 */
public record StepKeys(long seed, long round, long device, long step) {

    public StepKeys {
        if (round < 0 || device < 0 || step < 0) {
            throw new IllegalArgumentException("StepKeys round, device and step must be >= 0, got "
                    + round + ", " + device + ", " + step);
        }
    }

    /** The key of {@code purpose} draws for layer {@code layer} in this step. */
    long key(StreamKey.Purpose purpose, int layer) {
        return StreamKey.child(StreamKey.derive(seed, purpose, round, device, layer), step);
    }
}
