package org.fedqnn.qnn.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.LayerCost;
import org.fedqnn.qnn.cost.ModelSpecs;

/** Random allocation problems for the tests, each from a seed, and a brute-force optimum. */
final class Cases {

    private Cases() {
    }

    /** d_l of the paper CNN's weighted layers on 28x28x1: 640, 36928, 147712, 23050. */
    static long[] paperCnnValues() {
        return CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.MNIST_INPUT).layers().stream()
                .mapToLong(LayerCost::weights).filter(w -> w > 0).toArray();
    }

    /** A random small problem and a budget for it. */
    record Case(List<LayerDistortion> layers, long budget) {
    }

    /** {@link #small} and {@link #budget} from one seed. */
    static Case smallCase(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LayerDistortion> layers = small(random);
        return new Case(layers, budget(random, layers));
    }

    /** One to five layers of 1..60 values, one to four widths out of 1..8, random non-increasing tables. */
    static List<LayerDistortion> small(SplittableRandom random) {
        int layerCount = 1 + random.nextInt(5);
        Widths widths = randomWidths(random, 1 + random.nextInt(4), 8);
        List<LayerDistortion> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            layers.add(randomTable(random, "layer" + l, 1 + random.nextInt(60), widths));
        }
        return layers;
    }

    /** A budget from 0 to 10% above the all-maximum allocation's bits. */
    static long budget(SplittableRandom random, List<LayerDistortion> layers) {
        long max = 0;
        for (LayerDistortion layer : layers) {
            max += layer.bits(layer.widths().count() - 1);
        }
        return random.nextLong(max + max / 10 + 2);
    }

    /** {@code count} distinct widths out of 1..{@code maxWidth}, ascending. */
    static Widths randomWidths(SplittableRandom random, int count, int maxWidth) {
        return Widths.of(random.ints(1, maxWidth + 1).distinct().limit(count).sorted().toArray());
    }

    /** A non-increasing table; about one step in four gains nothing. */
    static LayerDistortion randomTable(SplittableRandom random, String name, long values, Widths widths) {
        double[] distortion = new double[widths.count()];
        double level = random.nextDouble(0, 100);
        for (int i = 0; i < distortion.length; i++) {
            if (i > 0 && random.nextInt(4) > 0) {
                level *= random.nextDouble();
            }
            distortion[i] = level;
        }
        return new LayerDistortion(name, values, widths, distortion);
    }

    /** The least objective over every combination of widths within the budget; null when none fits. */
    static Allocation bruteForce(List<LayerDistortion> layers, long budgetBits) {
        Problem problem = Problem.of(layers, budgetBits);
        int widthCount = problem.widths().count();
        int[] indices = new int[layers.size()];
        int[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        while (true) {
            if (problem.bits(indices) <= budgetBits && problem.distortion(indices) < bestValue) {
                best = indices.clone();
                bestValue = problem.distortion(indices);
            }
            int l = 0;
            while (l < indices.length && ++indices[l] == widthCount) {
                indices[l++] = 0;
            }
            if (l == indices.length) {
                return best == null ? null : problem.allocation(best);
            }
        }
    }
}
