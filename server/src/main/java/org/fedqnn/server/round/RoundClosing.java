package org.fedqnn.server.round;

import java.util.function.Consumer;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Round;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.records.RoundRecord;
import org.fedqnn.server.registry.DeviceRegistry;

/**
 * The second half of a round of the {@link RoundLoop}, once it closed: the ledger charges the
 * accepted updates, the aggregation forms w_{t+1} when they meet the quorum, the model is
 * evaluated when due ({@link ModelChecks}) and the round recorded. Not thread-safe: the round loop's thread calls it, taking
 * the loop's lock where the parts need it.
 */
final class RoundClosing {

    private final Object lock;
    private final RunSettings settings;
    private final ModelChecks checks;
    private final RunMeasures measures;
    private final RoundRecorder recorder;
    private final DeviceRegistry registry;

    RoundClosing(Object lock, RunSettings settings, ModelChecks checks, RunMeasures measures,
                 RoundRecorder recorder, DeviceRegistry registry) {
        this.lock = lock;
        this.settings = settings;
        this.checks = checks;
        this.measures = measures;
        this.recorder = recorder;
        this.registry = registry;
    }

    /**
     * The record of closed round {@code r}, started at {@code start} and closed at {@code closed}
     * ({@link System#nanoTime} clock); {@code install} makes w_{t+1} the global model (under the lock).
     */
    RoundRecord close(Round r, long start, long closed, Consumer<GlobalModel> install) {
        boolean aggregate = r.received() >= settings.quorumOf(r.plan().selectedCount());
        RoundEnergy energy;
        synchronized (lock) {
            energy = measures.charge(r.accepted());
        }
        GlobalModel next = r.model();
        if (aggregate) {
            next = r.aggregation().next(r.model());
            CrashPoint.reached(CrashPoint.AGGREGATION, r.number());
            GlobalModel formed = next;
            synchronized (lock) {
                install.accept(formed);
            }
        }
        long aggregated = System.nanoTime();
        ModelChecks.Figures f = checks.afterRound(r.number(), next);
        double lr = r.plan().instruction(r.plan().selected()[0]).learningRate();
        synchronized (lock) {
            return recorder.record(r, registry.names(), aggregate, lr, f.accuracy(), f.loss(),
                    (aggregated - closed) / 1e9, f.seconds(), (System.nanoTime() - start) / 1e9, energy, f.bound(),
                    measures.lastTime());
        }
    }
}
