package org.fedqnn.server.measures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.intake.Priced;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.strategy.DeviceInstruction;

/**
 * What the coordinator measures a run by, beside test accuracy: the {@link EnergyLedger} that
 * charges each accepted update, and the training loss gap of each new model next to eq. (20)
 * ({@link BoundTracker}, on a {@link ModelEvaluator} of the training loss). Not thread-safe:
 * {@link #price} may run on any thread (it reads only immutable state); every other method
 * runs on the coordinator's thread.
 */
public final class RunMeasures {

    private final EnergyLedger ledger;
    private final BoundTracker tracker;
    private final ModelEvaluator trainingLoss;
    private final ComplianceCosts costs;
    private final DeviceProfiles profiles;
    private final CostMismatch costMismatch;
    private BoundPoint last;
    private RoundTime lastTime = RoundTime.NONE;
    private double modelledSeconds;

    /**
     * @param settings     the run's
     * @param values       d, the values of the model
     * @param trainingLoss evaluates F(w) on the training sample
     * @param costs        what a compliant device executes per sample, counted on the run's network
     * @param profiles     the devices' profiles for the time model, or null for none
     */
    public RunMeasures(RunSettings settings, long values, ModelEvaluator trainingLoss, ComplianceCosts costs,
                       DeviceProfiles profiles) {
        this.ledger = new EnergyLedger(settings.measures(), settings.devices(),
                settings.seed());
        this.tracker = new BoundTracker(settings, values);
        this.trainingLoss = Objects.requireNonNull(trainingLoss, "trainingLoss");
        this.costs = Objects.requireNonNull(costs, "costs");
        if (profiles != null && profiles.size() != settings.devices()) {
            throw new IllegalArgumentException("need one device profile per device (N = " + settings.devices()
                    + "), got " + profiles.size());
        }
        this.profiles = profiles;
        this.costMismatch = settings.costMismatch();
    }

    /**
     * The ledger's entry for an accepted update (charged when its round closes), for what the
     * instruction asked of a compliant device, whatever the trailer says; with
     * {@link CostMismatch#SUSPECT}, a trailer whose counts are not those is accepted and the
     * disagreement kept as the entry's suspect reason.
     *
     * @throws Refusal MALFORMED when the trailer's counts are not those and the run refuses such updates
     */
    public Priced price(long round, int device, DeviceInstruction instruction, UpdateReport report,
                        long bytesReceived) {
        String disagreement = costs.disagreement(report, instruction);
        if (disagreement != null && costMismatch == CostMismatch.REFUSE) {
            throw new Refusal(Refusal.Kind.MALFORMED, disagreement);
        }
        DeviceEnergy energy = ledger.price(round, device, instruction.training(),
                EnergyLedger.workload(costs, instruction), bytesReceived);
        return new Priced(energy, disagreement == null ? "" : "suspect: " + disagreement);
    }

    /** Charges a closed round's accepted updates and takes their gradient figures. */
    public RoundEnergy charge(List<DeviceOutcome> received) {
        tracker.observeRound(received.stream().map(DeviceOutcome::report).toList());
        lastTime = time(received);
        return ledger.charge(received.stream().map(DeviceOutcome::energy).toList());
    }

    /** Evaluates the training loss of {@code model} and its gap next to the bound; the new current point. */
    public BoundPoint gapOf(GlobalModel model) {
        last = tracker.point(model.round(), trainingLoss.evaluate(model));
        return last;
    }

    /** The modelled time of the round last charged ({@link RoundTime#NONE} without profiles). */
    public RoundTime lastTime() {
        return lastTime;
    }

    private RoundTime time(List<DeviceOutcome> received) {
        if (profiles == null) {
            return RoundTime.NONE;
        }
        List<RoundTime.DeviceTime> devices = new ArrayList<>();
        double slowest = 0;
        for (DeviceOutcome o : received) {
            DeviceProfile p = profiles.of(o.device());
            RoundTime.DeviceTime t = new RoundTime.DeviceTime(o.device(), p.computeSeconds(o.energy().macs()),
                    p.uploadSeconds(o.energy().uplinkBits()), o.uploadSeconds());
            devices.add(t);
            slowest = Math.max(slowest, t.totalSeconds());
        }
        modelledSeconds += slowest;
        return new RoundTime(slowest, modelledSeconds, devices);
    }

    /** The point of the current model, or null before {@link #gapOf} was first called. */
    public BoundPoint last() {
        return last;
    }

    /**
     * What a checkpoint keeps of the measures: the ledger's totals, the bound's estimates, the
     * modelled time so far and the current point.
     */
    public record State(double computeJoules, double uplinkJoules, long uplinkBits, double largestSquaredNorm,
                        double varianceSum, long varianceCount, double modelledSeconds, BoundPoint last) {
    }

    /** The state so far. */
    public State state() {
        RoundEnergy t = ledger.totals();
        return new State(t.cumulativeComputeJoules(), t.cumulativeUplinkJoules(), t.cumulativeUplinkBits(),
                tracker.largestSquaredNorm(), tracker.varianceSum(), tracker.varianceCount(), modelledSeconds, last);
    }

    /** Continues from a checkpoint's state. */
    public void restore(State s) {
        ledger.restore(s.computeJoules(), s.uplinkJoules(), s.uplinkBits());
        tracker.restore(s.largestSquaredNorm(), s.varianceSum(), s.varianceCount());
        modelledSeconds = s.modelledSeconds();
        last = s.last();
    }

    /** The ledger's totals so far. */
    public RoundEnergy totals() {
        return ledger.totals();
    }
}
