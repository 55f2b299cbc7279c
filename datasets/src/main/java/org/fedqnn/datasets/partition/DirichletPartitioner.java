package org.fedqnn.datasets.partition;

import java.util.SplittableRandom;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.Seeds;

/**
 * Label-skewed split (Hsu et al., 2019): for each class, the proportions of its samples that go
 * to the N devices are drawn from a symmetric Dirichlet(alpha) and its (shuffled) samples are
 * cut accordingly. Small alpha (e.g. 0.1) gives each device few classes; large alpha (e.g. 100)
 * approaches an IID split.
 *
 * <p>A small alpha can leave a device with no samples, or too few for a batch. Every device is
 * guaranteed {@link #minPerDevice()} samples, reproducibly from the seed: the draw is repeated
 * with derived seeds ({@code Seeds.derive(seed, attempt)}) up to {@link #maxRedraws()} times;
 * if no draw meets the minimum, the draw whose smallest device is largest is kept and samples
 * are moved, one at a time, from the currently largest device (lowest index on ties; a
 * seeded-random one of its samples) to the currently smallest until every device has its
 * minimum. When N times the minimum exceeds the sample count the call fails, naming all three.
 *
 * <p>Immutable and thread-safe.
 *
 * @param alpha the Dirichlet concentration, finite and &gt; 0
 * @param minPerDevice the smallest number of samples a device may get, at least 0
 * @param maxRedraws how many extra draws to try before moving samples, at least 0
 */
public record DirichletPartitioner(double alpha, int minPerDevice, int maxRedraws)
        implements Partitioner {

    /** Redraws tried before samples are moved. */
    public static final int DEFAULT_MAX_REDRAWS = 10;

    private static final long REBALANCE_STREAM = -1;

    public DirichletPartitioner {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: expected a finite value > 0, actual " + alpha);
        }
        Partitions.requireMinimumArgument(minPerDevice);
        if (maxRedraws < 0) {
            throw new IllegalArgumentException("maxRedraws: expected >= 0, actual " + maxRedraws);
        }
    }

    /** With the default minimum and number of redraws. */
    public DirichletPartitioner(double alpha) {
        this(alpha, DEFAULT_MIN_PER_DEVICE, DEFAULT_MAX_REDRAWS);
    }

    @Override
    public int[][] partition(int[] labels, int classes, int devices, long seed) {
        Partitions.requireValid(labels, classes, devices, minPerDevice);
        int[][] byClass = Partitions.indicesByClass(labels, classes);
        IntList[] best = null;
        int bestMin = -1;
        for (int attempt = 0; attempt <= maxRedraws; attempt++) {
            IntList[] draw = draw(byClass, devices, Seeds.derive(seed, attempt));
            int smallest = smallest(draw);
            if (smallest >= minPerDevice) {
                return Partitions.toSortedArrays(draw);
            }
            if (smallest > bestMin) {
                best = draw;
                bestMin = smallest;
            }
        }
        rebalance(best, minPerDevice, Seeds.random(seed, REBALANCE_STREAM));
        return Partitions.toSortedArrays(best);
    }

    private IntList[] draw(int[][] byClass, int devices, long drawSeed) {
        SplittableRandom random = new SplittableRandom(drawSeed);
        IntList[] parts = new IntList[devices];
        for (int d = 0; d < devices; d++) {
            parts[d] = new IntList();
        }
        for (int[] members : byClass) {
            if (members.length == 0) {
                continue;
            }
            int[] shuffled = SeededShuffle.shuffled(members, random.nextLong());
            double[] p = GammaSampler.dirichlet(alpha, devices, random);
            double cumulative = 0;
            int from = 0;
            for (int d = 0; d < devices; d++) {
                cumulative += p[d];
                int to = d == devices - 1 ? shuffled.length
                        : (int) Math.min(shuffled.length, Math.round(cumulative * shuffled.length));
                for (int i = from; i < to; i++) {
                    parts[d].add(shuffled[i]);
                }
                from = Math.max(from, to);
            }
        }
        return parts;
    }

    private static int smallest(IntList[] parts) {
        int min = Integer.MAX_VALUE;
        for (IntList part : parts) {
            min = Math.min(min, part.size());
        }
        return min;
    }

    /** Moves samples from the largest devices to those below the minimum. */
    static void rebalance(IntList[] parts, int minPerDevice, SplittableRandom random) {
        while (true) {
            int small = 0;
            int large = 0;
            for (int d = 1; d < parts.length; d++) {
                if (parts[d].size() < parts[small].size()) {
                    small = d;
                }
                if (parts[d].size() > parts[large].size()) {
                    large = d;
                }
            }
            if (parts[small].size() >= minPerDevice) {
                return;
            }
            // Feasibility (N * min <= samples) guarantees the largest has more than the minimum.
            IntList donor = parts[large];
            parts[small].add(donor.swapRemove(random.nextInt(donor.size())));
        }
    }
}
