package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.partition.PartitionStats;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.cost.TensorShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn prepare}: everything a federated run needs before its first round, checked on
 * the real data: the data set loaded and verified, its split over N devices, the model's
 * per-sample costs on that input, and the size of one n-bit update on the wire.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Loads and checks a data set, partitions it over N devices, and reports what each "
                + "device holds, what the model costs per sample, and what one n-bit update weighs.")
final class PrepareCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    PartitionOptions partition;

    @Option(names = "--model", defaultValue = "paper-cnn", description = "Model spec (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--bits", defaultValue = "8", description = "Precision n of the update (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--show-devices", defaultValue = "10",
            description = "How many devices to list one by one (default ${DEFAULT-VALUE}).")
    int showDevices;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Dataset ds = data.load(out);

        int[] labels = ds.train().labelsAsInts();
        long start = System.nanoTime();
        int[][] parts = partition.partitioner().partition(labels, ds.train().classes(), partition.devices,
                StreamKey.derive(seed, StreamKey.Purpose.PARTITION, 0, 0, 0));
        PartitionStats stats = PartitionStats.of(parts, labels, ds.train().classes());
        out.printf(Locale.ROOT, "partition   %s, seed %d, in %d ms: %s%n", partition.describe(), seed,
                (System.nanoTime() - start) / 1_000_000, stats.summary());
        for (int d = 0; d < Math.min(showDevices, parts.length); d++) {
            out.printf(Locale.ROOT, "  device %3d: %6d samples, labels %s, TV %.3f%n", d, stats.counts()[d],
                    Arrays.toString(stats.labelHistograms()[d]), stats.totalVariation()[d]);
        }

        TensorShape input = new TensorShape(ds.train().channels(), ds.train().height(), ds.train().width());
        NetworkCost cost = CostCounter.count(ModelSpecs.byName(model), input);
        out.printf(Locale.ROOT, "model       %s on %s: N_c %,d forward MACs (+%,d backward), N_s %,d weights, "
                        + "O_s %,d outputs per sample%n",
                model, input, cost.forwardMacs(), cost.backwardMacs(), cost.weights(), cost.outputs());

        Quantizer quantizer = Quantizer.stochastic(bits);
        long weights = cost.weights();
        long packed = BitPacker.packedBytes(weights, bits);
        out.printf(Locale.ROOT, "update      %d-bit delta of %,d weights: %,d bytes packed (float32: %,d bytes, "
                        + "%.1fx smaller); quantizer on the %s path%n",
                bits, weights, packed, 4 * weights, 4.0 * weights / packed,
                Quantizer.vectorized() ? "vector" : "scalar");
        out.printf(Locale.ROOT, "            kappa = 2^%d, range [-1, %s]%n", 1 - bits,
                quantizer.format().maxValue());
        out.flush();
        return 0;
    }
}
