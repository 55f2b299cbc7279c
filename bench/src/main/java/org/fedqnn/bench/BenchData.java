package org.fedqnn.bench;

import java.util.SplittableRandom;

/** Seeded inputs shared by the benchmarks, so every fork sees the same data. Thread-safe (stateless). */
final class BenchData {

    /** Seed of every benchmark input. */
    static final long SEED = 20240611L;

    private BenchData() {}

    /** {@code count} floats uniform in [-1, 1): the range the quantizer maps without saturating. */
    static float[] uniformWeights(int count) {
        SplittableRandom random = new SplittableRandom(SEED);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2.0 - 1.0);
        }
        return values;
    }
}
