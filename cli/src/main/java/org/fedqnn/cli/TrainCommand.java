package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.Backend;
import org.fedqnn.qnn.train.ModelFile;
import org.fedqnn.qnn.train.QnnConfig;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.records.CsvTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn train}: centralised training of a model spec on a catalogue data set at n bits
 * or float32, with one line and one CSV row per epoch and the trained model saved at the end.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model centrally (no federation) at n bits or float32; prints one line per epoch "
                + "(loss, test accuracy, samples/s), writes epochs.csv and model.fqnn.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    QnnOptions qnn;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-limit", defaultValue = "0",
            description = "Train on a seeded subset of this many samples; 0 = all (default ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0",
            description = "Evaluate on the first this many test samples; 0 = all (default ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--normalization", defaultValue = "unit_range",
            description = "Feature scaling: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Normalization normalization;

    @Option(names = "--out", description = "Output folder (default runs/train-<time>-<dataset>-<model>-<bits>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        if (epochs < 1 || batch < 1 || trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("--epochs and --batch must be >= 1 and the limits >= 0, got epochs "
                    + epochs + ", batch " + batch + ", train-limit " + trainLimit + ", test-limit " + testLimit);
        }
        QnnConfig config = qnn.config();
        Dataset ds = data.load(console);
        TensorShape input = new TensorShape(ds.train().channels(), ds.train().height(), ds.train().width());
        QnnNetwork net = QnnNetwork.create(ModelSpecs.byName(qnn.model), input, config, seed);
        NetworkCost cost = CostCounter.count(net.spec(), input);
        Path folder = out != null ? out : Path.of("runs", "train-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ds.name() + "-"
                + qnn.model + "-" + config.precision().label());
        Files.createDirectories(folder);
        console.printf(Locale.ROOT, "model       %s on %s, %s (%s, %s layers, activations %s, layer scale %s), "
                        + "%,d weights, N_c %,d MACs per sample%n", qnn.model, input, config.precision(),
                config.activation().label(), config.layers().label(),
                config.activationRounding().name().toLowerCase(Locale.ROOT), config.layerScale().label(),
                net.parameterCount(), cost.forwardMacs());
        console.println("backend     " + Backend.describe());
        FeatureScaling scaling = FeatureScaling.fit(ds.train(), normalization);
        CentralTrainer trainer = new CentralTrainer(net, ds.train(), ds.test(), scaling, batch, seed, trainLimit,
                testLimit, qnn.learningRate());
        console.printf(Locale.ROOT, "training    %d epochs of %,d samples, batch %d, eta_t = %s / (t + %s), seed %d; "
                        + "output in %s%n", epochs, trainer.trainSamples(), batch, qnn.lrBeta, qnn.lrGamma, seed, folder);
        console.flush();
        try (CsvTable<EpochRow> csv = CsvTable.create(folder.resolve("epochs.csv"), EpochRow.class)) {
            for (int e = 0; e < epochs; e++) {
                CentralTrainer.EpochResult r = trainer.epoch(e, epochs, new ProgressLine(System.err));
                csv.append(EpochRow.of(r));
                console.println(r.line(epochs));
                console.flush();
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("dataset", ds.name());
        meta.put("seed", Long.toString(seed));
        meta.put("epochs", Integer.toString(epochs));
        meta.put("batch", Integer.toString(batch));
        meta.put("normalization", normalization.name());
        ModelFile.save(net, meta, folder.resolve("model.fqnn"));
        console.println("saved       " + folder.resolve("model.fqnn") + " and " + folder.resolve("epochs.csv"));
        console.flush();
        return 0;
    }
}
