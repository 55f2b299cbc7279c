package org.fedqnn.qnn;

/**
 * Derives independent 64-bit random-stream keys from a run seed and coordinates, as Tribuo
 * splits one {@code SplittableRandom} per use: every draw in fedqnn (selection, quantization,
 * partitioning, initialisation) comes from a key derived from (run seed, purpose, round,
 * device, layer), so results never depend on thread timing or on the order in which streams
 * are used.
 *
 * <p>Derivation: each coordinate is folded in with SplitMix64's finaliser, so changing any one
 * of them gives an unrelated key. Thread-safe (stateless).
 */
public final class StreamKey {

    /** What a stream is used for; part of the key, so two purposes never share draws. */
    public enum Purpose {
        WEIGHT_QUANTIZATION,
        ACTIVATION_QUANTIZATION,
        DELTA_QUANTIZATION,
        DEVICE_SELECTION,
        PARTITION,
        INITIALISATION,
        SHUFFLE,
        CHANNEL,
        DEVICE_PROFILE,
        SIGNIFICANCE
    }

    private StreamKey() {}

    /** The key of a stream for (seed, purpose, round, device, layer). */
    public static long derive(long seed, Purpose purpose, long round, long device, long layer) {
        long k = mix(seed);
        k = mix(k ^ (purpose.ordinal() + 1L) * 0x9E3779B97F4A7C15L);
        k = mix(k ^ round * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L);
        k = mix(k ^ device * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL);
        k = mix(k ^ layer * 0xD6E8FEB86659FD93L + 0x9E3779B97F4A7C15L);
        return k;
    }

    /** A sub-key of {@code key} for the {@code index}-th use (e.g. the local step). */
    public static long child(long key, long index) {
        return mix(key ^ mix(index + 0x9E3779B97F4A7C15L));
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
