package org.fedqnn.server;

import java.util.List;
import java.util.Objects;

/**
 * What the coordinator measures a run by, beside test accuracy: the {@link EnergyLedger} that
 * charges each accepted update, and the training loss gap of each new model next to eq. (20)
 * ({@link BoundTracker}, on a {@link ModelEvaluator} of the training loss). Not thread-safe:
 * {@link #price} may run on any thread (it reads only immutable state); every other method
 * runs on the coordinator's thread.
 */
final class RunMeasures {

    private final EnergyLedger ledger;
    private final BoundTracker tracker;
    private final ModelEvaluator trainingLoss;
    private BoundPoint last;

    RunMeasures(RunSettings settings, GlobalModel initial, ModelEvaluator trainingLoss) {
        this.ledger = new EnergyLedger(settings.measures(), settings.trainingPrecision(), settings.devices(),
                settings.seed());
        long d = 0;
        for (int i = 0; i < initial.size(); i++) {
            d += initial.tensor(i).length;
        }
        this.tracker = new BoundTracker(settings, d);
        this.trainingLoss = Objects.requireNonNull(trainingLoss, "trainingLoss");
    }

    /** The ledger's entry for an accepted update (charged when its round closes). */
    DeviceEnergy price(long round, int device, UpdateReport report, long bytesReceived) {
        return ledger.price(round, device, report, bytesReceived);
    }

    /** Charges a closed round's accepted updates and takes their gradient figures. */
    RoundEnergy charge(List<DeviceOutcome> received) {
        for (DeviceOutcome o : received) {
            tracker.observe(o.report());
        }
        return ledger.charge(received.stream().map(DeviceOutcome::energy).toList());
    }

    /** Evaluates the training loss of {@code model} and its gap next to the bound; the new current point. */
    BoundPoint gapOf(GlobalModel model) {
        last = tracker.point(model.round(), trainingLoss.evaluate(model));
        return last;
    }

    /** The point of the current model, or null before {@link #gapOf} was first called. */
    BoundPoint last() {
        return last;
    }

    /** The ledger's totals so far. */
    RoundEnergy totals() {
        return ledger.totals();
    }
}
