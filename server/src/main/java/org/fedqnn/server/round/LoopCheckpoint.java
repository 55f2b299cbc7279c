package org.fedqnn.server.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.checkpoint.Checkpoint;
import org.fedqnn.server.checkpoint.CheckpointSink;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.records.RunListener;
import org.fedqnn.server.registry.DeviceRegistry;
import org.fedqnn.server.strategy.FederatedStrategy;

/**
 * Takes the round loop's parts into a {@link Checkpoint} and puts them back: the registry, the
 * recorder's tally, the stop rules' count, the measures and the strategy's state. Not
 * thread-safe: the round loop's thread owns it.
 */
final class LoopCheckpoint {

    private final RunSettings settings;
    private final ModelLayout layout;
    private final DeviceRegistry registry;
    private final RoundRecorder recorder;
    private final StopRules stopRules;
    private final RunMeasures measures;
    private final FederatedStrategy strategy;
    private CheckpointSink sink;

    LoopCheckpoint(RunSettings settings, ModelLayout layout, DeviceRegistry registry, RoundRecorder recorder,
                   StopRules stopRules, RunMeasures measures, FederatedStrategy strategy) {
        this.settings = settings;
        this.layout = layout;
        this.registry = registry;
        this.recorder = recorder;
        this.stopRules = stopRules;
        this.measures = measures;
        this.strategy = strategy;
    }

    /** Where {@link #write} writes; null for nowhere. */
    void to(CheckpointSink s) {
        this.sink = s;
    }

    /**
     * Writes the checkpoint after {@code rounds} rounds, on {@code model}, ending with
     * {@code stop} (null to go on); nothing without a sink.
     */
    void write(long rounds, GlobalModel model, StopRules.Stop stop) {
        if (sink == null) {
            return;
        }
        try {
            sink.write(new Checkpoint(registry.runId(), settings.seed(), rounds, model, registry.list(),
                    registry.credentials(), recorder.tally(), stopRules.missedInARow(),
                    stop == null ? null : stop.reason(), stop != null && stop.completed(), measures.state(),
                    strategy.saveState(), sink.recordLengths()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint after round " + (rounds - 1), e);
        }
    }

    /**
     * Tells {@code listener} the run resumes from {@code c}; returns how it ended when {@code c}
     * says it did (a stop rule, or its last round), null when it goes on.
     */
    StopRules.Stop resumed(Checkpoint c, RunListener listener) {
        listener.resumed(c.recorder().initial(), c.recorder().initialBound(), c.rounds());
        if (c.stopReason() != null) {
            return new StopRules.Stop(c.stopReason(), c.stopCompleted());
        }
        return c.rounds() >= settings.maxRounds() ? stopRules.maxRounds() : null;
    }

    /**
     * Puts {@code c} back into the parts and returns its model.
     *
     * @throws IOException when {@code c} is not a checkpoint of this run: another run id or seed, a
     *                     model of other tensors, another N, or another strategy's state
     */
    GlobalModel restore(Checkpoint c) throws IOException {
        if (!c.runId().equals(registry.runId())) {
            throw new IOException("the checkpoint is of run " + c.runId() + ", not of run " + registry.runId());
        }
        if (c.seed() != settings.seed()) {
            throw new IOException("the checkpoint's seed is " + c.seed() + ", the run's " + settings.seed());
        }
        if (c.model().size() != layout.size()) {
            throw new IOException("the checkpoint's model has " + c.model().size() + " tensors, the run's model "
                    + layout.size());
        }
        for (int i = 0; i < layout.size(); i++) {
            long expected = layout.parameters().get(i).length();
            if (c.model().tensor(i).length != expected) {
                throw new IOException("tensor " + i + " of the checkpoint's model has " + c.model().tensor(i).length
                        + " values, the run's model " + expected);
            }
        }
        if (c.devices().size() != settings.devices()) {
            throw new IOException("the checkpoint has " + c.devices().size() + " registered devices, the run N = "
                    + settings.devices());
        }
        strategy.restoreState(c.strategy());
        registry.restore(c.devices(), c.credentials());
        recorder.restore(c.recorder());
        stopRules.restore(c.missedInARow());
        measures.restore(c.measures());
        return c.model();
    }
}
