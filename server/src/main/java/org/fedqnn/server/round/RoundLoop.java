package org.fedqnn.server.round;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.Round;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.checkpoint.Checkpoint;
import org.fedqnn.server.checkpoint.CheckpointSink;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.fedqnn.server.dispatch.Dispatcher;
import org.fedqnn.server.dispatch.Poll;
import org.fedqnn.server.intake.Intake;
import org.fedqnn.server.intake.UpdateSubmission;
import org.fedqnn.server.measures.ModelEvaluator;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.records.RoundRecord;
import org.fedqnn.server.records.RunListener;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.registry.DeviceRegistry;
import org.fedqnn.server.registry.Registration;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.RoundPlan;

/**
 * The base station's round loop, Algorithm 1: wait until N devices registered; then each round
 * t, the strategy configures it (selection and each device's instruction), the dispatch hands
 * the selected devices w_t, the intake takes their updates until all answered or the deadline
 * passed, and when the K' updates received meet the quorum the strategy's aggregation forms
 * w_{t+1}; the model is evaluated (after every R-th round and the last, {@link RunSettings#evaluatesAfter};
 * a round whose model is not evaluated records NaN figures), the round recorded, and the stop rules
 * asked. With a {@link CheckpointSink}, a {@link Checkpoint} follows the start and every round; a
 * loop {@link #resumeFrom resumed} from one waits for its devices to register again and plays on
 * from the round after it, as if it had never stopped.
 *
 * <p>The parts ({@link DeviceRegistry}, {@link Dispatcher}, {@link Intake}, {@link StopRules},
 * {@link RoundRecorder}, {@link RunMeasures}) share this loop's lock; gRPC threads call
 * {@link #register}, {@link #poll} and {@link #beginUpdate} while {@link #run} drives the rounds
 * on its caller's thread. Thread-safe.
 */
public final class RoundLoop implements AutoCloseable {

    private final Object lock = new Object();
    private final RunSettings settings;
    private final FederatedStrategy strategy;
    private final ModelChecks checks;
    private final RunMeasures measures;
    private final RunListener listener;
    private final DeviceRegistry registry;
    private final Dispatcher dispatcher;
    private final Intake intake;
    private final StopRules stopRules;
    private final RoundRecorder recorder = new RoundRecorder();
    private final RoundClosing closing;
    private final LoopCheckpoint checkpoints;
    private Checkpoint resumed;
    private GlobalModel model;
    private Round round;
    private String endReason;

    /**
     * @param runId             the run's id, echoed by devices in every call
     * @param settings          the run's configuration
     * @param strategy          what each round asks and how updates are combined
     * @param layout            the model's tensors
     * @param initial           w_0
     * @param evaluator         evaluates each new global model on the test set
     * @param measures          the ledger, the bound and the training loss the run is measured by
     * @param listener          told about the run as it goes
     */
    public RoundLoop(String runId, RunSettings settings, FederatedStrategy strategy, ModelLayout layout,
                     GlobalModel initial, ModelEvaluator evaluator, RunMeasures measures, RunListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.model = Objects.requireNonNull(initial, "initial");
        if (initial.size() != layout.size()) {
            throw new IllegalArgumentException("w_0 has " + initial.size() + " tensors, the model " + layout.size());
        }
        this.checks = new ModelChecks(settings, evaluator, measures);
        this.measures = Objects.requireNonNull(measures, "measures");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.registry = new DeviceRegistry(runId, settings.devices(), lock);
        this.dispatcher = new Dispatcher(lock, settings.devices(), settings.pollWindow().toMillis(),
                layout.taskTensors());
        this.intake = new Intake(lock, settings.maxConcurrentUploads(), measures::price, registry::name);
        this.stopRules = new StopRules(settings);
        this.closing = new RoundClosing(lock, settings, checks, measures, recorder, registry);
        this.checkpoints = new LoopCheckpoint(settings, layout, registry, recorder, stopRules, measures, strategy);
    }

    /** Writes a checkpoint to {@code sink} after the start and after every round. Before {@link #run}. */
    public void checkpointTo(CheckpointSink sink) {
        checkpoints.to(sink);
    }

    /**
     * Continues the run of checkpoint {@code c}: its model, devices (each must register again),
     * tallies, measures and strategy state. Before {@link #run} and before any registration.
     *
     * @throws IOException when {@code c} is not a checkpoint of this run
     */
    public void resumeFrom(Checkpoint c) throws IOException {
        synchronized (lock) {
            model = checkpoints.restore(c);
            resumed = c;
        }
    }

    /** The run's id. */
    public String runId() {
        return registry.runId();
    }

    public RunSettings settings() {
        return settings;
    }

    /** The current global model. */
    public GlobalModel model() {
        synchronized (lock) {
            return model;
        }
    }

    /** Devices registered so far, by index. */
    public List<DeviceInfo> devices() {
        return registry.list();
    }

    /**
     * A device joins, or comes back under a name it registered before (same index, new session),
     * with {@code credential}: its certificate's SHA-256 over mutual TLS, null over plaintext.
     *
     * @throws Refusal RUN_STATE when the run is over or N other names registered; IDENTITY when the
     *                 name registered with another credential
     */
    public Registration register(DeviceInfo info, String credential) {
        Registration r;
        CompletableFuture<Poll> stale = null;
        synchronized (lock) {
            if (endReason != null) {
                throw new Refusal(Refusal.Kind.RUN_STATE, "the run is over");
            }
            r = registry.register(info, credential);
            if (r.rejoined()) {
                stale = dispatcher.removePoll(r.deviceIndex());
            }
        }
        if (stale != null) {
            stale.complete(new Poll.Idle());
        }
        return r;
    }

    /**
     * A device's long poll: its task as soon as it is selected in an open round, Idle after the
     * poll window, Ended when the run is over.
     *
     * @throws Refusal PRECONDITION for an unknown device or a stale session, IDENTITY for another credential
     */
    public CompletableFuture<Poll> poll(int device, String session, long lastRound, String credential) {
        synchronized (lock) {
            registry.checkSession(device, session, credential);
            return dispatcher.poll(device, session, lastRound, round, endReason);
        }
    }

    /** The call behind a poll went away (the device hung up): forget the poll. */
    public void cancelPoll(int device, CompletableFuture<Poll> future) {
        dispatcher.expire(device, future);
    }

    /**
     * Opens the stream of an update after checking its header.
     *
     * @throws Refusal PRECONDITION, DUPLICATE, LATE or BUSY ({@link Intake#begin}), IDENTITY for another credential
     */
    public UpdateSubmission beginUpdate(int device, String session, long roundNumber, String credential) {
        synchronized (lock) {
            registry.checkSession(device, session, credential);
            return intake.begin(round, device, roundNumber);
        }
    }

    /**
     * Runs the whole federated training on the calling thread and returns how it ended.
     *
     * @throws InterruptedException when interrupted; the run is ended first
     */
    public RunOutcome run() throws InterruptedException {
        long start = System.nanoTime();
        try {
            StopRules.Stop ended = resumed == null ? null : checkpoints.resumed(resumed, listener);
            if (ended != null) {
                return end(start, ended);
            }
            if (!registry.awaitAll(settings.registrationTimeout().toNanos(), () -> endReason != null)) {
                String why = endReason != null ? endReason : "only " + registry.size() + " of N = "
                        + settings.devices() + " devices registered within "
                        + settings.registrationTimeout().toSeconds() + " s";
                return end(start, new StopRules.Stop(why, false));
            }
            long first = 0;
            if (resumed == null) {
                ModelChecks.Figures initial = checks.evaluate(model());
                recorder.started(initial.test(), initial.bound());
                listener.started(initial.test(), initial.bound(), (System.nanoTime() - start) / 1e9);
                checkpoints.write(0, model(), null);
            } else {
                first = resumed.rounds();
                checks.resumed(first, model());
            }
            for (long t = first; t < settings.maxRounds(); t++) {
                RoundRecord rec = playRound(t);
                listener.roundEnded(rec);
                CrashPoint.reached(CrashPoint.RECORDS, t);
                StopRules.Stop stop = stopRules.afterRound(rec);
                checkpoints.write(t + 1, model(), stop);
                if (stop != null) {
                    return end(start, stop);
                }
                synchronized (lock) {
                    if (endReason != null) {
                        return end(start, new StopRules.Stop(endReason, false));
                    }
                }
            }
            return end(start, stopRules.maxRounds());
        } catch (InterruptedException | RuntimeException e) {
            end(start, new StopRules.Stop("failed: " + e, false));
            throw e;
        }
    }

    /** One round of Algorithm 1: configure, hand out, take updates until the deadline, aggregate, evaluate. */
    private RoundRecord playRound(long number) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.roundDeadline().toNanos();
        GlobalModel w = model();
        RoundPlan plan = strategy.configure(number, w);
        Round r = new Round(plan, w, strategy.aggregation(plan), start, deadline);
        synchronized (lock) {
            round = r;
        }
        dispatcher.open(r);
        CrashPoint.reached(CrashPoint.ROUND_OPEN, number);
        synchronized (lock) {
            r.awaitAnswers(lock, () -> endReason != null);
        }
        return closing.close(r, start, System.nanoTime(), next -> model = next);
    }

    private RunOutcome end(long start, StopRules.Stop stop) {
        GlobalModel finalModel;
        synchronized (lock) {
            if (endReason == null) {
                endReason = stop.reason();
            }
            if (round != null) {
                round.close();
            }
            finalModel = model;
            lock.notifyAll();
        }
        dispatcher.end(stop.reason());
        RunOutcome outcome = recorder.outcome(stop, (System.nanoTime() - start) / 1e9, finalModel, measures.totals(),
                measures.last());
        listener.ended(outcome);
        return outcome;
    }

    /** Ends the run after the current round (or at once while waiting for devices). */
    public void stop(String reason) {
        synchronized (lock) {
            if (endReason == null) {
                endReason = reason;
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits until every registered device has been told the run ended (it polled and got
     * RunEnded), at most {@code millis}.
     *
     * @return true when all were told
     */
    public boolean awaitDevicesTold(long millis) throws InterruptedException {
        return dispatcher.awaitTold(registry.size(), millis);
    }

    @Override
    public void close() {
        stop("closed");
        dispatcher.close();
    }
}
