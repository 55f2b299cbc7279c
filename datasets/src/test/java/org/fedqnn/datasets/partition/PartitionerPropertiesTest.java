package org.fedqnn.datasets.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.fedqnn.datasets.TestFiles;

/** Properties every partitioner must have, over device counts, seeds and alphas. */
class PartitionerPropertiesTest {

    private static final int SAMPLES = 1500;
    private static final int CLASSES = 10;
    private static final int MIN = 5;
    private static final int[] LABELS = TestFiles.labels(SAMPLES, CLASSES, 99);

    @Provide
    Arbitrary<Partitioner> partitioners() {
        Arbitrary<Partitioner> dirichlet = Arbitraries.of(0.01, 0.05, 0.1, 0.3, 1.0, 10.0, 1000.0)
                .map(alpha -> new DirichletPartitioner(alpha, MIN, 3));
        Arbitrary<Partitioner> shards = Arbitraries.integers().between(1, 4)
                .map(s -> new ShardPartitioner(s, MIN));
        return Arbitraries.oneOf(dirichlet, shards, Arbitraries.just(new IidPartitioner(MIN)));
    }

    @Property(tries = 120)
    void everySampleExactlyOnceAndMinimumHolds(@ForAll("partitioners") Partitioner p,
            @ForAll @IntRange(min = 1, max = 60) int devices, @ForAll long seed) {
        int[][] parts = p.partition(LABELS, CLASSES, devices, seed);
        assertEquals(devices, parts.length);
        PartitionStats stats = PartitionStats.of(parts, LABELS, CLASSES); // checks exact cover
        int total = 0;
        for (int[] part : parts) {
            total += part.length;
            for (int i = 1; i < part.length; i++) {
                assertTrue(part[i - 1] < part[i], "ascending");
            }
        }
        assertEquals(SAMPLES, total);
        assertTrue(stats.minCount() >= MIN, p + " gave " + stats.summary());
    }

    @Property(tries = 60)
    void sameSeedSameSplit(@ForAll("partitioners") Partitioner p,
            @ForAll @IntRange(min = 1, max = 60) int devices, @ForAll long seed) {
        int[][] first = p.partition(LABELS, CLASSES, devices, seed);
        int[][] second = p.partition(LABELS.clone(), CLASSES, devices, seed);
        assertEquals(first.length, second.length);
        for (int d = 0; d < first.length; d++) {
            assertArrayEquals(first[d], second[d]);
        }
    }
}
