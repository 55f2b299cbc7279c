package org.fedqnn.server.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.records.RoundRecord;

/**
 * The pictures of a run folder, one PNG each, x the number of rounds run (0 is w_0):
 * {@value #ACCURACY}, {@value #LOSS}, {@value #GAP}, {@value #ENERGY}, {@value #BITS} and
 * {@value #PRECISION} (n and m by round, as the strategy's precision policy chose them, and the
 * devices each round selected when a policy selected fewer than K in some round).
 * Stateless.
 */
public final class RunCharts {

    public static final String ACCURACY = "accuracy.png";
    public static final String LOSS = "loss.png";
    public static final String GAP = "gap-vs-bound.png";
    public static final String ENERGY = "energy.png";
    public static final String BITS = "bits.png";
    public static final String PRECISION = "precision.png";

    /** Every picture, in the order the summary shows them. */
    public static final List<String> ALL = List.of(ACCURACY, LOSS, GAP, ENERGY, BITS, PRECISION);

    private RunCharts() {
    }

    /** Draws every picture of the run into {@code folder}; {@code perRound} is the run's K. */
    public static void write(Path folder, Evaluation initial, BoundPoint initialBound, List<RoundRecord> rounds,
                             String label, int perRound) throws IOException {
        int m = rounds.size() + 1;
        double[] t = new double[m];
        double[] accuracy = new double[m];
        double[] testLoss = new double[m];
        double[] trainLoss = new double[m];
        double[] gap = new double[m];
        double[] paper = new double[m];
        double[] estimated = new double[m];
        double[] compute = new double[m];
        double[] uplink = new double[m];
        double[] total = new double[m];
        double[] bits = new double[m];
        double[] cumulativeBits = new double[m];
        double[] n = new double[m];
        double[] width = new double[m];
        double[] selected = new double[m];
        boolean fewer = false;
        n[0] = Double.NaN;
        selected[0] = Double.NaN;
        width[0] = Double.NaN;
        accuracy[0] = initial == null ? Double.NaN : 100 * initial.accuracy();
        testLoss[0] = initial == null ? Double.NaN : initial.meanLoss();
        if (initialBound != null) {
            trainLoss[0] = initialBound.trainingLoss();
            gap[0] = initialBound.gap();
            paper[0] = initialBound.paperBound();
            estimated[0] = initialBound.estimatedBound();
        }
        bits[0] = Double.NaN;
        for (int i = 1; i < m; i++) {
            RoundRecord r = rounds.get(i - 1);
            t[i] = r.round() + 1;
            accuracy[i] = 100 * r.testAccuracy();
            testLoss[i] = r.testLoss();
            trainLoss[i] = r.bound().trainingLoss();
            gap[i] = r.bound().gap();
            paper[i] = r.bound().paperBound();
            estimated[i] = r.bound().estimatedBound();
            compute[i] = r.energy().cumulativeComputeJoules();
            uplink[i] = r.energy().cumulativeUplinkJoules();
            total[i] = r.energy().cumulativeJoules();
            bits[i] = r.energy().uplinkBits() / 1e6;
            cumulativeBits[i] = r.energy().cumulativeUplinkBits() / 1e6;
            n[i] = r.precision() == null ? Double.NaN : r.precision().training().wireBits();
            width[i] = r.precision() == null ? Double.NaN : r.precision().uplink().wireBits();
            selected[i] = r.selected();
            fewer |= r.selected() < perRound;
        }
        String x = "rounds";
        new LineChart("Test accuracy, " + label, x, "test accuracy (%)", false)
                .add("test accuracy", t, accuracy).write(folder.resolve(ACCURACY));
        new LineChart("Loss, " + label, x, "mean cross-entropy", false)
                .add("test loss", t, testLoss).add("training loss F(w)", t, trainLoss).write(folder.resolve(LOSS));
        new LineChart("Loss gap F(w_T) - F* against the bound of eq. (20), " + label, x,
                "loss gap (log scale)", true)
                .add("measured gap", t, gap)
                .add("bound, paper's L, mu, sigma, G", t, paper, true)
                .add("bound, estimated G and sigma", t, estimated, true)
                .write(folder.resolve(GAP));
        new LineChart("Cumulative energy of the selected devices, " + label, x, "joules", false)
                .add("compute, eq. (9)", t, compute).add("uplink, eqs. (10)-(12)", t, uplink)
                .add("total", t, total).write(folder.resolve(ENERGY));
        new LineChart("Uplink bits, " + label, x, "megabits", false)
                .add("bits in the round", t, bits).add("cumulative bits", t, cumulativeBits)
                .write(folder.resolve(BITS));
        LineChart precision = fewer
                ? new LineChart("Precision and devices by round, " + label, x, "bits (32 = float32); devices", false)
                : new LineChart("Precision by round, " + label, x, "bits (32 = float32)", false);
        precision.add("training n", t, n).add("uplink m", t, width, true);
        if (fewer) {
            precision.add("devices selected K_t", t, selected);
        }
        precision.write(folder.resolve(PRECISION));
    }
}
