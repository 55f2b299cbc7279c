package org.fedqnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.Backend;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnConfig;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.train.StepKeys;

/**
 * Samples per second of one training step ({@link QnnNetwork#trainStep}) on seeded random
 * images: for each precision, {@code warmup} steps, then {@code repeats} timed runs of
 * {@code steps} steps; prints every run and the best. Not JMH: oneDNN needs hundreds of warm-up
 * steps, and a step is tens of milliseconds, so a plain loop measures it well.
 *
 * <p>Usage: {@code TrainStepBench model CxHxW batch warmup steps repeats precision...}
 * (precision: {@code float}, a bit width, or {@code 4:hardtanh} for the other activation).
 */
public final class TrainStepBench {

    private TrainStepBench() {
    }

    public static void main(String[] args) {
        NetworkSpec spec = ModelSpecs.byName(args[0]);
        String[] chw = args[1].split("x");
        TensorShape shape = new TensorShape(Integer.parseInt(chw[0]), Integer.parseInt(chw[1]),
                Integer.parseInt(chw[2]));
        int batch = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        int repeats = Integer.parseInt(args[5]);
        List<String> precisions = new ArrayList<>(List.of(args).subList(6, args.length));
        System.out.printf(Locale.ROOT, "# %s %s batch %d, %d cores, %s%n", spec.name(), shape, batch,
                Runtime.getRuntime().availableProcessors(), Backend.describe());
        SplittableRandom r = new SplittableRandom(1);
        int size = (int) shape.elements();
        float[] x = new float[batch * size];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(256) / 255f;
        }
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(10);
        }
        for (String p : precisions) {
            String[] parts = p.split(":");
            QnnConfig config = QnnConfig.of(Precision.parse(parts[0]));
            if (parts.length > 1) {
                config = config.withActivation(ClippedActivation.parse(parts[1]));
            }
            QnnNetwork net = QnnNetwork.create(spec, shape, config, 1);
            long step = 0;
            for (int i = 0; i < warmup; i++) {
                net.trainStep(x, y, batch, 0.01, new StepKeys(1, 0, 0, step++));
            }
            double best = 0;
            StringBuilder runs = new StringBuilder();
            for (int rep = 0; rep < repeats; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    net.trainStep(x, y, batch, 0.01, new StepKeys(1, 0, 0, step++));
                }
                double sps = (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
                best = Math.max(best, sps);
                runs.append(String.format(Locale.ROOT, " %.0f", sps));
            }
            System.out.printf(Locale.ROOT, "%-14s best %6.0f samples/s  (runs:%s)%n", p, best, runs);
        }
    }
}
