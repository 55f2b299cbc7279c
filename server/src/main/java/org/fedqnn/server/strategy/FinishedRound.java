package org.fedqnn.server.strategy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.calibrate.CalibratedPredictor;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.RoundRecord;

/**
 * What a precision policy sees of one finished round: the precision it ran at and what it
 * measured. Numbers the server did not measure are NaN. Immutable.
 *
 * @param round                   the round number t
 * @param precision               the n and m the round asked (see {@link RoundPrecision#of})
 * @param aggregated              whether the round formed w_{t+1}
 * @param globalLoss              F(w_{t+1}) on the training sample (the loss gap's F), NaN when not measured
 * @param testLoss                the mean test loss of the model after the round
 * @param testAccuracy            the test accuracy after the round, in [0, 1]
 * @param computeJoules           the ledger's compute joules of the round
 * @param uplinkJoules            the ledger's uplink joules of the round
 * @param uplinkBits              the bits the round's accepted updates sent
 * @param gradientVariance        the median over the round's updates of the gradient variance the devices
 *                                reported, NaN when none reported one
 * @param quantizationVariance    the mean over the round's received updates of the quantization variance
 *                                their devices measured on their deltas (E||Q(d) - d||^2 given d, 0 for
 *                                float32), NaN when none reported one
 * @param learningRate            eta_t the devices were asked to use
 * @param updates                 K', the updates received in time
 * @param meanSquaredGradientNorm the mean over the round's updates of the (1/I) sum_s ||g_s||^2 the devices
 *                                reported, NaN when none reported one (as {@code device-rounds.csv} averages it)
 * @param meanGradientVariance    the mean over the round's updates of the gradient variance the devices
 *                                reported, NaN when none reported one
 */
public record FinishedRound(long round, RoundPrecision precision, boolean aggregated, double globalLoss,
                            double testLoss, double testAccuracy, double computeJoules, double uplinkJoules,
                            long uplinkBits, double gradientVariance, double quantizationVariance,
                            double learningRate, int updates, double meanSquaredGradientNorm,
                            double meanGradientVariance) {

    public FinishedRound {
        Objects.requireNonNull(precision, "FinishedRound.precision");
    }

    /** The round of {@code rec}, at the precision its plan asked. */
    public static FinishedRound of(RoundRecord rec) {
        RoundPrecision precision = rec.precision();
        BoundPoint b = rec.bound();
        RoundEnergy e = rec.energy();
        List<UpdateReport> reports = rec.devices().stream().filter(o -> o.status() == DeviceOutcome.Status.RECEIVED
                && o.report() != null).map(DeviceOutcome::report).toList();
        double[] variances = reported(reports, UpdateReport::gradientVariance);
        double median = Double.NaN;
        if (variances.length > 0) {
            int h = variances.length / 2;
            median = variances.length % 2 == 1 ? variances[h] : (variances[h - 1] + variances[h]) / 2;
        }
        return new FinishedRound(rec.round(), precision, rec.aggregated(), b == null ? Double.NaN : b.trainingLoss(),
                rec.testLoss(), rec.testAccuracy(), e == null ? Double.NaN : e.computeJoules(),
                e == null ? Double.NaN : e.uplinkJoules(), e == null ? 0 : e.uplinkBits(), median,
                CalibratedPredictor.mean(reports.stream().filter(UpdateReport::reportsQuantizationVariance)
                        .mapToDouble(UpdateReport::quantizationVariance).toArray()),
                rec.learningRate(), rec.received(),
                CalibratedPredictor.mean(reported(reports, UpdateReport::meanSquaredGradientNorm)),
                CalibratedPredictor.mean(variances));
    }

    /** The figure {@code f} of the reports that measured it (&gt; 0), sorted. */
    private static double[] reported(List<UpdateReport> reports, ToDoubleFunction<UpdateReport> f) {
        return reports.stream().mapToDouble(f).filter(v -> v > 0 && Double.isFinite(v)).sorted().toArray();
    }

    /** Writes the round for a checkpoint (the strategy's state): every field, doubles by their bits. */
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(round);
        out.writeInt(precision.training().bits());
        out.writeInt(precision.uplink().bits());
        out.writeBoolean(aggregated);
        for (double v : new double[] {globalLoss, testLoss, testAccuracy, computeJoules, uplinkJoules}) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
        out.writeLong(uplinkBits);
        out.writeLong(Double.doubleToRawLongBits(gradientVariance));
        out.writeLong(Double.doubleToRawLongBits(quantizationVariance));
        out.writeLong(Double.doubleToRawLongBits(learningRate));
        out.writeInt(updates);
        out.writeLong(Double.doubleToRawLongBits(meanSquaredGradientNorm));
        out.writeLong(Double.doubleToRawLongBits(meanGradientVariance));
    }

    /** Reads a round {@link #write} wrote. */
    public static FinishedRound read(DataInputStream in) throws IOException {
        long round = in.readLong();
        RoundPrecision precision = new RoundPrecision(new Precision(in.readInt()), new Precision(in.readInt()));
        boolean aggregated = in.readBoolean();
        double[] v = new double[5];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.longBitsToDouble(in.readLong());
        }
        long bits = in.readLong();
        double gradient = Double.longBitsToDouble(in.readLong());
        double quantization = Double.longBitsToDouble(in.readLong());
        double eta = Double.longBitsToDouble(in.readLong());
        int updates = in.readInt();
        double msq = Double.longBitsToDouble(in.readLong());
        double variance = Double.longBitsToDouble(in.readLong());
        return new FinishedRound(round, precision, aggregated, v[0], v[1], v[2], v[3], v[4], bits, gradient,
                quantization, eta, updates, msq, variance);
    }

    /** Compute plus uplink joules of the round. */
    public double joules() {
        return computeJoules + uplinkJoules;
    }

    /** The loss a policy watches: F(w) on the training sample, else the test loss. */
    public double watchedLoss() {
        return Double.isNaN(globalLoss) ? testLoss : globalLoss;
    }
}
