package org.fedqnn.datasets;

import java.util.SplittableRandom;

/**
 * Seeded randomness for this module: every random choice (shuffling, partitioning, redraws)
 * comes from a {@link SplittableRandom} built from a seed, and independent streams are derived
 * from (seed, key, ...) by hashing rather than by drawing, so that they do not depend on how
 * many numbers another stream used. Stateless and thread-safe.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * A seed derived from {@code seed} and the given keys (e.g. a round and a device index);
     * different key lists give unrelated seeds, the same list always the same seed.
     */
    public static long derive(long seed, long... keys) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long key : keys) {
            h = mix(h ^ mix(key + GOLDEN_GAMMA) + GOLDEN_GAMMA);
        }
        return h;
    }

    /** A generator for {@code derive(seed, keys)}. */
    public static SplittableRandom random(long seed, long... keys) {
        return new SplittableRandom(derive(seed, keys));
    }

    /** The SplitMix64 finaliser (Stafford variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
