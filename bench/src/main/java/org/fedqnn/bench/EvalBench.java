package org.fedqnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.datasets.tensor.Tensors;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.Backend;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnConfig;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.measures.EvaluationWorkers;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.measures.ModelEvaluator;

/**
 * Milliseconds of the base station's two evaluations of a global model, as the main job runs
 * them: test accuracy and loss on the whole test set, and the training loss F(w) on
 * {@value MeasureSettings#DEFAULT_LOSS_SAMPLES} training samples. The model is the run's
 * network after {@code train} steps of batch 32 (seed 1), so that the printed loss sums and
 * correct counts, bit for bit, tell one version of the evaluator from another. Not JMH: one
 * evaluation is seconds, and the first ones warm up oneDNN. Prints each timed run and the best.
 *
 * <p>Usage: {@code EvalBench dataset model bits train warmup repeats threads...}
 * (e.g. {@code fashion-mnist paper-cnn 8 50 2 5 1 2}): one block of figures per thread count.
 */
public final class EvalBench {

    private EvalBench() {
    }

    public static void main(String[] args) throws Exception {
        Dataset data = DatasetLoader.load(DatasetLocator.system().locate(Catalogue.byName(args[0]), Optional.empty()));
        String model = args[1];
        Precision precision = Precision.parse(args[2]);
        int train = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int repeats = Integer.parseInt(args[5]);
        TensorShape shape = new TensorShape(data.train().channels(), data.train().height(), data.train().width());
        QnnNetwork net = QnnNetwork.create(ModelSpecs.byName(model), shape, QnnConfig.of(precision), 1);
        FeatureScaling scaling = FeatureScaling.fit(data.train(), Normalization.UNIT_RANGE);
        trainFor(net, data, scaling, train);
        float[][] w = new float[net.parameters().size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = net.parameterValues(i);
        }
        GlobalModel global = new GlobalModel(1, w);
        System.out.printf(Locale.ROOT, "# %s %s n=%s, %d cores, %s%n", data.name(), model, args[2],
                Runtime.getRuntime().availableProcessors(), Backend.describe());
        for (int a = 6; a < args.length; a++) {
            int threads = Integer.parseInt(args[a]);
            try (EvaluationWorkers workers = EvaluationWorkers.of(net, threads)) {
                ModelEvaluator test = new ModelEvaluator(workers, data.test(), scaling, 0);
                ModelEvaluator loss = ModelEvaluator.trainingLoss(workers, data.train(), scaling,
                        MeasureSettings.DEFAULT_LOSS_SAMPLES, 1);
                System.out.printf(Locale.ROOT, "## %d evaluation thread%s%n", threads, threads == 1 ? "" : "s");
                time("test set", test, global, warmup, repeats);
                time("training loss", loss, global, warmup, repeats);
            }
        }
    }

    private static void time(String what, ModelEvaluator evaluator, GlobalModel model, int warmup, int repeats) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[repeats];
        Evaluation first = null;
        for (int i = 0; i < warmup; i++) {
            first = evaluator.evaluate(model);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Evaluation e = evaluator.evaluate(model);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
            if (first != null && !e.equals(first)) {
                throw new IllegalStateException("evaluation changed between calls: " + first + " then " + e);
            }
            first = e;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        StringBuilder runs = new StringBuilder();
        for (double m : ms) {
            runs.append(String.format(Locale.ROOT, " %.0f", m));
        }
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-14s %5d images: best %6.0f ms, median %6.0f ms, best per 10,000 %6.0f ms,"
                        + " process CPU per 10,000 %6.0f ms (least)  (runs:%s)%n", what, evaluator.samples(), sorted[0],
                sorted[repeats / 2], sorted[0] * 10_000 / evaluator.samples(), cpu[0] * 10_000 / evaluator.samples(),
                runs);
        System.out.printf(Locale.ROOT, "%-14s correct %d of %d, loss sum %s (bits %016x), mean loss %.17g%n", what,
                first.correct(), first.count(), Double.toString(first.lossSum()),
                Double.doubleToLongBits(first.lossSum()), first.meanLoss());
    }

    private static void trainFor(QnnNetwork net, Dataset data, FeatureScaling scaling, int steps) {
        int batch = 32;
        int[] idx = new int[batch];
        float[] x = new float[batch * net.inputSize()];
        int[] y = new int[batch];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < batch; i++) {
                idx[i] = (s * batch + i) % data.train().count();
            }
            Tensors.featuresNhwc(data.train(), idx, 0, batch, scaling, x);
            Tensors.labels(data.train(), idx, 0, batch, y);
            net.trainStep(x, y, batch, 0.05, new StepKeys(1, 0, 0, s));
        }
    }
}
