package org.fedqnn.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.codec.ExpectedTensor;
import org.fedqnn.qnn.train.Evaluation;

/**
 * The base station's round loop (Algorithm 1): waits for N devices to register; each round
 * selects K of them ({@link DeviceSelector}), hands each its task when it polls, waits until
 * every selected device answered or the deadline passed, forms w_{t+1} by eq. (8) from the K'
 * updates received in time when K' meets the quorum, evaluates it on the test set and reports
 * the round, with the energy ledger's charges for its accepted updates and the training loss gap
 * next to eq. (20) ({@link RunMeasures}); stops on maximum rounds, target
 * accuracy, target loss gap, a quorum failure, or {@link #stop}.
 *
 * <p>Every update is checked before it counts: known device, its current session, the current
 * round, selected, not a duplicate, not more streams than the server stages; then the wire
 * checks of its chunks (the service's assembler) and the range of every value. A refused or
 * broken update changes nothing, and the round goes on with the others.
 *
 * <p>Thread-safe: gRPC threads call {@link #register}, {@link #poll} and {@link #beginUpdate}
 * while {@link #run} drives the rounds on its caller's thread; one lock guards the state, and
 * futures are completed outside it.
 */
public final class RoundCoordinator implements AutoCloseable {

    private static final String LATE = "still streaming at the deadline";

    private final RunSettings settings;
    private final List<ExpectedTensor> taskTensors;
    private final List<ExpectedTensor> updateTensors;
    private final boolean[] clip;
    private final ModelEvaluator evaluator;
    private final RunMeasures measures;
    private final RunListener listener;
    private final String runId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fedqnn-poll-timer");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private final List<DeviceInfo> devices = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Map<Integer, PendingPoll> polls = new HashMap<>();
    private final boolean[] toldEnded;
    private GlobalModel model;
    private Round round;
    private String endReason;
    private int streamingTotal;

    private record PendingPoll(String session, CompletableFuture<Poll> future, ScheduledFuture<?> timeout) {
    }

    /**
     * @param runId         the run's id, echoed by devices in every call
     * @param settings      the run's configuration
     * @param initial       w_0
     * @param taskTensors   the tensors of w_t as tasks send them
     * @param updateTensors the tensors updates must carry
     * @param clip          by tensor: clip to [-1, 1] after aggregation (the weights of quantized layers)
     * @param evaluator     evaluates each new global model on the test set
     * @param trainingEvaluator evaluates its training loss F(w), for the loss gap
     * @param listener      told about the run as it goes
     */
    public RoundCoordinator(String runId, RunSettings settings, GlobalModel initial, List<ExpectedTensor> taskTensors,
                            List<ExpectedTensor> updateTensors, boolean[] clip, ModelEvaluator evaluator,
                            ModelEvaluator trainingEvaluator, RunListener listener) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.model = Objects.requireNonNull(initial, "initial");
        this.taskTensors = List.copyOf(taskTensors);
        this.updateTensors = List.copyOf(updateTensors);
        if (initial.size() != taskTensors.size() || updateTensors.size() != taskTensors.size()
                || clip.length != taskTensors.size()) {
            throw new IllegalArgumentException("the model, task, update and clip lists must have the same length, got "
                    + initial.size() + ", " + taskTensors.size() + ", " + updateTensors.size() + ", " + clip.length);
        }
        this.clip = clip.clone();
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.measures = new RunMeasures(settings, initial, trainingEvaluator);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.toldEnded = new boolean[settings.devices()];
    }

    /** The run's id. */
    public String runId() {
        return runId;
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
        synchronized (lock) {
            return List.copyOf(devices);
        }
    }

    // ------------------------------------------------------------------ device calls

    /**
     * A device joins, or comes back under a name it registered before (same index, new session).
     *
     * @throws Refusal RUN_STATE when the run is over or N other names registered
     */
    public Registration register(DeviceInfo info) {
        List<CompletableFuture<Poll>> idle = new ArrayList<>();
        Registration r;
        synchronized (lock) {
            if (endReason != null) {
                throw new Refusal(Refusal.Kind.RUN_STATE, "the run is over: " + endReason);
            }
            String session = UUID.randomUUID().toString();
            Integer known = indexByName.get(info.name());
            if (known != null) {
                devices.set(known, info);
                sessions.set(known, session);
                PendingPoll stale = polls.remove(known);
                if (stale != null) {
                    stale.timeout.cancel(false);
                    idle.add(stale.future);
                }
                r = new Registration(runId, session, known, true);
            } else {
                if (devices.size() == settings.devices()) {
                    throw new Refusal(Refusal.Kind.RUN_STATE, "the run is full: its N = " + settings.devices()
                            + " devices registered, and '" + info.name() + "' is not one of them");
                }
                int index = devices.size();
                devices.add(info);
                sessions.add(session);
                indexByName.put(info.name(), index);
                r = new Registration(runId, session, index, false);
            }
            lock.notifyAll();
        }
        idle.forEach(f -> f.complete(new Poll.Idle()));
        return r;
    }

    /**
     * A device's long poll: completes with its task as soon as it is selected in an open round
     * (at once when it already is), with {@link Poll.Idle} after the poll window, or with
     * {@link Poll.Ended} when the run is over.
     *
     * @param lastRound the last round this session received a task for, or -1
     * @throws Refusal PRECONDITION for an unknown device or a stale session
     */
    public CompletableFuture<Poll> poll(int device, String session, long lastRound) {
        CompletableFuture<Poll> future = new CompletableFuture<>();
        PendingPoll replaced;
        synchronized (lock) {
            checkSession(device, session);
            if (endReason != null) {
                toldEnded[device] = true;
                lock.notifyAll();
                return CompletableFuture.completedFuture(new Poll.Ended(endReason));
            }
            Task task = taskFor(device, session, lastRound);
            if (task != null) {
                return CompletableFuture.completedFuture(new Poll.Assigned(task));
            }
            ScheduledFuture<?> timeout = timer.schedule(() -> expire(device, future),
                    settings.pollWindow().toMillis(), TimeUnit.MILLISECONDS);
            replaced = polls.put(device, new PendingPoll(session, future, timeout));
        }
        if (replaced != null) {
            replaced.timeout.cancel(false);
            replaced.future.complete(new Poll.Idle());
        }
        return future;
    }

    /** The call behind a poll went away (the device hung up): forget the poll. */
    public void cancelPoll(int device, CompletableFuture<Poll> future) {
        expire(device, future);
    }

    private void expire(int device, CompletableFuture<Poll> future) {
        synchronized (lock) {
            PendingPoll p = polls.get(device);
            if (p != null && p.future == future) {
                polls.remove(device);
            }
        }
        future.complete(new Poll.Idle());
    }

    /** The task of {@code device} in the open round, marking it sent; null when it has none. Under the lock. */
    private Task taskFor(int device, String session, long lastRound) {
        Round r = round;
        if (r == null || !r.open || !r.isSelected[device] || r.outcomes[device] != null || lastRound >= r.number) {
            return null;
        }
        long now = System.nanoTime();
        r.sentSession[device] = session;
        r.sentNanos[device] = now;
        Task t = r.template;
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(r.deadlineNanos - now));
        return new Task(t.round(), t.modelVersion(), t.training(), t.uplink(), t.localSteps(), t.learningRate(),
                t.batchSize(), left, t.selectedCount(), t.taskTensors(), t.updateTensors(), t.model());
    }

    /**
     * Opens the stream of an update after checking its header.
     *
     * @throws Refusal PRECONDITION (unknown device, stale session, wrong round, not selected),
     *     DUPLICATE (already received or streaming), LATE (the round closed), BUSY (too many streams)
     */
    public UpdateSubmission beginUpdate(int device, String session, long roundNumber) {
        synchronized (lock) {
            checkSession(device, session);
            Round r = round;
            if (r == null || roundNumber != r.number) {
                String current = r == null ? "none is open" : "the current round is " + r.number;
                throw new Refusal(Refusal.Kind.PRECONDITION, "UpdateHeader.round must be the current round, got "
                        + roundNumber + " (" + current + ")");
            }
            if (!r.isSelected[device]) {
                throw new Refusal(Refusal.Kind.PRECONDITION, "device " + device + " is not selected in round "
                        + r.number + " (selected: " + java.util.Arrays.toString(r.selected) + ")");
            }
            if (!r.open) {
                throw new Refusal(Refusal.Kind.LATE, "round " + r.number + " closed at its deadline");
            }
            if (r.outcomes[device] != null) {
                throw new Refusal(Refusal.Kind.DUPLICATE, "device " + device + " already delivered its update for round "
                        + r.number);
            }
            if (r.streaming.contains(device)) {
                throw new Refusal(Refusal.Kind.DUPLICATE, "an update of device " + device + " for round " + r.number
                        + " is already streaming");
            }
            if (streamingTotal >= settings.maxConcurrentUploads()) {
                throw new Refusal(Refusal.Kind.BUSY, "the server already receives " + streamingTotal
                        + " updates (its limit); retry shortly");
            }
            r.streaming.add(device);
            streamingTotal++;
            return new UpdateSubmission(this, r, device);
        }
    }

    /** Called by {@link UpdateSubmission#complete}. */
    void commit(Round r, int device, float[][] delta, UpdateReport report,
                long bytesReceived, long payloadBytes) {
        String problem = r.sum.problemWith(delta, updateTensors);
        DeviceEnergy energy = problem == null ? measures.price(r.number, device, report, bytesReceived) : null;
        synchronized (lock) {
            r.streaming.remove(device);
            streamingTotal--;
            try {
                if (problem != null) {
                    r.refusals[device] = problem;
                    throw new Refusal(Refusal.Kind.MALFORMED, problem);
                }
                if (!r.open) {
                    r.refusals[device] = LATE;
                    throw new Refusal(Refusal.Kind.LATE, "round " + r.number + " closed at its deadline before the "
                            + "update of device " + device + " was complete");
                }
                r.sum.add(delta);
                r.received++;
                r.outcomes[device] = new DeviceOutcome(device, devices.get(device).name(),
                        DeviceOutcome.Status.RECEIVED, bytesReceived, payloadBytes, report,
                        (System.nanoTime() - r.startNanos) / 1e9, "", energy);
            } finally {
                lock.notifyAll();
            }
        }
    }

    /** Called by {@link UpdateSubmission#fail}. */
    void abandon(Round r, int device, String reason, boolean malformed) {
        synchronized (lock) {
            r.streaming.remove(device);
            streamingTotal--;
            if (malformed) {
                r.refusals[device] = reason;
            } else if (!r.open) {
                r.refusals[device] = LATE;
            }
            // a stream broken off while the round is open is no answer: the device may still send in time
            lock.notifyAll();
        }
    }

    private void checkSession(int device, String session) {
        if (device < 0 || device >= devices.size()) {
            throw new Refusal(Refusal.Kind.PRECONDITION, "device_index " + device + " is not a registered device ("
                    + devices.size() + " registered, indices 0.." + (devices.size() - 1) + ")");
        }
        if (!sessions.get(device).equals(session)) {
            throw new Refusal(Refusal.Kind.PRECONDITION, "session_id is not the current session of device "
                    + device + " (it registered again, or the session is forged)");
        }
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Runs the whole federated training on the calling thread and returns how it ended.
     *
     * @throws InterruptedException when interrupted; the run is ended first
     */
    public RunOutcome run() throws InterruptedException {
        long start = System.nanoTime();
        try {
            if (!awaitRegistrations()) {
                return end(start, "only " + devices().size() + " of N = " + settings.devices()
                        + " devices registered within " + settings.registrationTimeout().toSeconds() + " s", false,
                        0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            Evaluation initial = evaluator.evaluate(model);
            listener.started(initial, measures.gapOf(model), (System.nanoTime() - start) / 1e9);
            double best = initial.accuracy();
            double accuracy = initial.accuracy();
            double loss = initial.meanLoss();
            int aggregations = 0;
            int missedInARow = 0;
            long uplink = 0;
            for (int t = 0; t < settings.maxRounds(); t++) {
                RoundRecord rec = playRound(t, accuracy, loss);
                listener.roundEnded(rec);
                uplink += rec.uplinkBytes();
                accuracy = rec.testAccuracy();
                loss = rec.testLoss();
                best = Math.max(best, accuracy);
                if (rec.aggregated()) {
                    aggregations++;
                    missedInARow = 0;
                } else {
                    missedInARow++;
                    String why = "round " + t + " received " + rec.received() + " updates, below the quorum of "
                            + settings.quorum();
                    if (settings.belowQuorum() == BelowQuorum.STOP) {
                        return end(start, why, false, t + 1, aggregations, initial.accuracy(), accuracy, loss, best,
                                uplink);
                    }
                    if (missedInARow > settings.maxRepeats()) {
                        return end(start, why + ", " + missedInARow + " rounds in a row", false, t + 1, aggregations,
                                initial.accuracy(), accuracy, loss, best, uplink);
                    }
                }
                MeasureSettings targets = settings.measures();
                if (targets.hasTargetGap() && rec.bound().gap() <= targets.targetGap()) {
                    return end(start, String.format(java.util.Locale.ROOT, "target loss gap %.4g reached (F(w) - F* "
                                    + "= %.4g)", targets.targetGap(), rec.bound().gap()), true, t + 1, aggregations,
                            initial.accuracy(), accuracy, loss, best, uplink);
                }
                if (settings.hasTargetAccuracy() && accuracy >= settings.targetAccuracy()) {
                    return end(start, String.format(java.util.Locale.ROOT, "target accuracy %.2f%% reached",
                                    100 * settings.targetAccuracy()), true, t + 1, aggregations, initial.accuracy(),
                            accuracy, loss, best, uplink);
                }
                synchronized (lock) {
                    if (endReason != null) {
                        return end(start, endReason, false, t + 1, aggregations, initial.accuracy(), accuracy, loss,
                                best, uplink);
                    }
                }
            }
            return end(start, "maximum rounds (" + settings.maxRounds() + ")", true, settings.maxRounds(), aggregations,
                    initial.accuracy(), accuracy, loss, best, uplink);
        } catch (InterruptedException | RuntimeException e) {
            end(start, "failed: " + e, false, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            throw e;
        }
    }

    private boolean awaitRegistrations() throws InterruptedException {
        long deadline = System.nanoTime() + settings.registrationTimeout().toNanos();
        synchronized (lock) {
            while (devices.size() < settings.devices() && endReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return endReason == null;
        }
    }

    private RoundRecord playRound(long number, double accuracyBefore, double lossBefore) throws InterruptedException {
        int[] selected = DeviceSelector.select(settings.seed(), number, settings.devices(),
                settings.devicesPerRound());
        long start = System.nanoTime();
        long deadline = start + settings.roundDeadline().toNanos();
        GlobalModel w = model();
        double lr = settings.learningRateAt(w.round());
        Task template = new Task(number, w.round(), settings.trainingPrecision(), settings.uplinkPrecision(),
                settings.localSteps(), lr, settings.batchSize(), settings.roundDeadline().toMillis(), selected.length,
                taskTensors, updateTensors, w);
        Round r = new Round(number, template, selected, settings.devices(), start, deadline,
                new FedAvgAccumulator(updateTensors));
        List<Map.Entry<CompletableFuture<Poll>, Task>> handOut = new ArrayList<>();
        synchronized (lock) {
            round = r;
            for (int k : selected) {
                PendingPoll p = polls.get(k);
                if (p != null) {
                    Task task = taskFor(k, p.session, -1);
                    if (task != null) {
                        polls.remove(k);
                        p.timeout.cancel(false);
                        handOut.add(Map.entry(p.future, task));
                    }
                }
            }
        }
        handOut.forEach(e -> e.getKey().complete(new Poll.Assigned(e.getValue())));
        synchronized (lock) {
            while (!r.allAnswered() && endReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            r.open = false;
        }
        long closed = System.nanoTime();
        boolean aggregate = r.received >= settings.quorum();
        List<DeviceOutcome> received = new ArrayList<>();
        synchronized (lock) {
            for (int k : r.selected) {
                if (r.outcomes[k] != null) {
                    received.add(r.outcomes[k]);
                }
            }
        }
        RoundEnergy energy = measures.charge(received);
        double accuracy = accuracyBefore;
        double loss = lossBefore;
        double evaluationSeconds = 0;
        if (aggregate) {
            GlobalModel next = model().next(r.sum, clip, updateTensors);
            synchronized (lock) {
                model = next;
            }
        }
        long aggregated = System.nanoTime();
        if (aggregate) {
            Evaluation e = evaluator.evaluate(model());
            accuracy = e.accuracy();
            loss = e.meanLoss();
            measures.gapOf(model());
            evaluationSeconds = (System.nanoTime() - aggregated) / 1e9;
        }
        return record(r, aggregate, lr, accuracy, loss, (aggregated - closed) / 1e9, evaluationSeconds,
                (System.nanoTime() - start) / 1e9, energy, measures.last());
    }

    private RoundRecord record(Round r, boolean aggregated, double lr, double accuracy, double loss,
                               double aggregationSeconds, double evaluationSeconds, double roundSeconds,
                               RoundEnergy energy, BoundPoint bound) {
        synchronized (lock) {
            List<DeviceOutcome> outcomes = new ArrayList<>();
            int rejected = 0;
            int silent = 0;
            int late = 0;
            long bytes = 0;
            long payload = 0;
            double lossSum = 0;
            double download = 0;
            double slowest = Double.NaN;
            for (int k : r.selected) {
                DeviceOutcome o = r.outcomes[k];
                String name = devices.get(k).name();
                if (r.sentSession[k] != null) {
                    download = Math.max(download, (r.sentNanos[k] - r.startNanos) / 1e9);
                }
                if (o == null) {
                    boolean streaming = r.streaming.contains(k);
                    if (streaming || LATE.equals(r.refusals[k])) {
                        late++;
                        o = new DeviceOutcome(k, name, DeviceOutcome.Status.LATE, 0, 0, null, Double.NaN, LATE,
                                null);
                    } else if (r.refusals[k] != null) {
                        rejected++;
                        o = new DeviceOutcome(k, name, DeviceOutcome.Status.REJECTED, 0, 0, null, Double.NaN,
                                r.refusals[k], null);
                    } else {
                        silent++;
                        o = new DeviceOutcome(k, name, DeviceOutcome.Status.SILENT, 0, 0, null, Double.NaN,
                                r.sentSession[k] == null ? "never fetched its task" : "sent no update in time", null);
                    }
                } else {
                    bytes += o.bytesReceived();
                    payload += o.payloadBytes();
                    lossSum += o.report().meanLocalLoss();
                    slowest = Double.isNaN(slowest) ? o.secondsToUpdate() : Math.max(slowest, o.secondsToUpdate());
                }
                outcomes.add(o);
            }
            return new RoundRecord(r.number, r.template.modelVersion(), r.selected.length, r.received, late, rejected,
                    silent, aggregated, lr, accuracy, loss, r.received == 0 ? Double.NaN : lossSum / r.received,
                    bytes, payload, download, slowest, aggregationSeconds, evaluationSeconds, roundSeconds, outcomes,
                    energy, bound);
        }
    }

    private RunOutcome end(long start, String reason, boolean completed, int rounds, int aggregations,
                           double initial, double accuracy, double loss, double best, long uplink) {
        List<CompletableFuture<Poll>> waiting = new ArrayList<>();
        GlobalModel finalModel;
        synchronized (lock) {
            if (endReason == null) {
                endReason = reason;
            }
            if (round != null) {
                round.open = false;
            }
            for (Map.Entry<Integer, PendingPoll> e : polls.entrySet()) {
                e.getValue().timeout.cancel(false);
                waiting.add(e.getValue().future);
                toldEnded[e.getKey()] = true;
            }
            polls.clear();
            finalModel = model;
            lock.notifyAll();
        }
        String told = reason;
        waiting.forEach(f -> f.complete(new Poll.Ended(told)));
        RunOutcome outcome = new RunOutcome(reason, completed, rounds, aggregations, initial, accuracy, loss, best,
                uplink, (System.nanoTime() - start) / 1e9, finalModel, measures.totals(), measures.last());
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (true) {
                boolean all = true;
                for (int k = 0; k < devices.size(); k++) {
                    all &= toldEnded[k];
                }
                long left = deadline - System.nanoTime();
                if (all || left <= 0) {
                    return all;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    @Override
    public void close() {
        stop("closed");
        timer.shutdownNow();
    }
}
