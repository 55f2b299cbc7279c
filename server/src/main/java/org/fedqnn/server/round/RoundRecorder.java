package org.fedqnn.server.round;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Round;
import org.fedqnn.server.intake.Intake;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.RoundRecord;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.RoundPrecision;

/**
 * Writes the record of each closed round (who was selected, what came back and why not, bytes,
 * times, energy, bound) and keeps the run's tally for its {@link RunOutcome}: the initial and
 * latest test figures, the best accuracy, the aggregations and the uplink bytes. Not
 * thread-safe: the round loop's thread owns it; {@link #record} reads the round under the lock
 * its caller holds.
 */
public final class RoundRecorder {

    private Evaluation initial;
    private BoundPoint initialBound;
    private double accuracy = Double.NaN;
    private double loss = Double.NaN;
    private double best = Double.NaN;
    private int rounds;
    private int aggregations;
    private long uplinkBytes;

    /**
     * The tally of the rounds recorded so far, for a checkpoint.
     *
     * @param initial      w_0's test figures
     * @param initialBound w_0's point against the bound
     */
    public record Tally(Evaluation initial, BoundPoint initialBound, double accuracy, double loss, double best,
                        int rounds, int aggregations, long uplinkBytes) {
    }

    /** The tally so far; after {@link #started}. */
    public Tally tally() {
        return new Tally(initial, initialBound, accuracy, loss, best, rounds, aggregations, uplinkBytes);
    }

    /** Continues from a checkpoint's tally, in place of {@link #started}. */
    public void restore(Tally t) {
        initial = t.initial();
        initialBound = t.initialBound();
        accuracy = t.accuracy();
        loss = t.loss();
        best = t.best();
        rounds = t.rounds();
        aggregations = t.aggregations();
        uplinkBytes = t.uplinkBytes();
    }

    /** w_0's test figures and its point against the bound. */
    public void started(Evaluation w0, BoundPoint bound) {
        initial = w0;
        initialBound = bound;
        accuracy = w0.accuracy();
        loss = w0.meanLoss();
        best = w0.accuracy();
    }

    /** Test accuracy of the model last evaluated. */
    public double accuracy() {
        return accuracy;
    }

    /** Test loss of the model last evaluated. */
    public double loss() {
        return loss;
    }

    /**
     * The record of closed round {@code r}, with {@code names} the registered devices' names.
     * Call under the round loop's lock.
     */
    public RoundRecord record(Round r, List<String> names, boolean aggregated, double learningRate, double testAccuracy,
                              double testLoss, double aggregationSeconds, double evaluationSeconds,
                              double roundSeconds, RoundEnergy energy, BoundPoint bound, RoundTime time) {
        List<DeviceOutcome> outcomes = new ArrayList<>();
        int rejected = 0;
        int silent = 0;
        int late = 0;
        long bytes = 0;
        long payload = 0;
        double lossSum = 0;
        double download = 0;
        double slowest = Double.NaN;
        for (int k : r.plan().selected()) {
            DeviceOutcome o = r.outcome(k);
            String name = names.get(k);
            if (r.sentSession(k) != null) {
                download = Math.max(download, (r.sentNanos(k) - r.startNanos()) / 1e9);
            }
            if (o == null) {
                String refusal = r.refusal(k);
                if (r.isStreaming(k) || Intake.LATE.equals(refusal)) {
                    late++;
                    o = new DeviceOutcome(k, name, DeviceOutcome.Status.LATE, 0, 0, null, Double.NaN, Intake.LATE,
                            null);
                } else if (refusal != null) {
                    rejected++;
                    o = new DeviceOutcome(k, name, DeviceOutcome.Status.REJECTED, 0, 0, null, Double.NaN, refusal, null);
                } else {
                    silent++;
                    o = new DeviceOutcome(k, name, DeviceOutcome.Status.SILENT, 0, 0, null, Double.NaN,
                            r.sentSession(k) == null ? "never fetched its task" : "sent no update in time", null);
                }
            } else {
                bytes += o.bytesReceived();
                payload += o.payloadBytes();
                lossSum += o.report().meanLocalLoss();
                slowest = Double.isNaN(slowest) ? o.secondsToUpdate() : Math.max(slowest, o.secondsToUpdate());
            }
            outcomes.add(o);
        }
        int received = r.received();
        RoundRecord rec = new RoundRecord(r.number(), r.model().round(), r.plan().selectedCount(), received, late,
                rejected, silent, aggregated, learningRate, testAccuracy, testLoss,
                received == 0 ? Double.NaN : lossSum / received, bytes, payload, download, slowest,
                aggregationSeconds, evaluationSeconds, roundSeconds, outcomes, energy, bound, time,
                RoundPrecision.of(r.plan()));
        rounds++;
        uplinkBytes += rec.uplinkBytes();
        if (!Double.isNaN(testAccuracy)) {
            accuracy = testAccuracy;
            loss = testLoss;
            best = Double.isNaN(best) ? testAccuracy : Math.max(best, testAccuracy);
        }
        if (aggregated) {
            aggregations++;
        }
        return rec;
    }

    /** How the run ended, from the tally so far. */
    public RunOutcome outcome(StopRules.Stop stop, double wallSeconds, GlobalModel model, RoundEnergy energy,
                              BoundPoint bound) {
        return new RunOutcome(stop.reason(), stop.completed(), rounds, aggregations,
                initial == null ? Double.NaN : initial.accuracy(), accuracy, loss,
                best, uplinkBytes, wallSeconds, model, energy, bound);
    }
}
