package org.fedqnn.datasets;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fisher-Yates shuffles driven by a {@link SplittableRandom} made from a seed: the same seed
 * and input always give the same order. Stateless and thread-safe.
 */
public final class SeededShuffle {

    private SeededShuffle() {
    }

    /** A random permutation of {@code 0..n-1} for {@code seed}. */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n: expected >= 0, actual " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffleInPlace(order, new SplittableRandom(seed));
        return order;
    }

    /** A shuffled copy of {@code indices} for {@code seed}; the input is left as it was. */
    public static int[] shuffled(int[] indices, long seed) {
        int[] copy = Objects.requireNonNull(indices, "indices").clone();
        shuffleInPlace(copy, new SplittableRandom(seed));
        return copy;
    }

    /** Shuffles {@code values} in place with draws from {@code random}. */
    public static void shuffleInPlace(int[] values, SplittableRandom random) {
        Objects.requireNonNull(random, "random");
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
