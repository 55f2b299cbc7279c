package org.fedqnn.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.strategy.Aggregation;
import org.fedqnn.server.strategy.RoundPlan;

/**
 * The state of one open or closed round: its plan, the w_t it hands out, its aggregation, and
 * what each selected device did so far. Shared by the dispatch (tasks handed out), the intake
 * (updates streaming, accepted, refused) and the round loop; every method runs under the round
 * loop's lock. Not thread-safe by itself.
 */
public final class Round {

    private final RoundPlan plan;
    private final GlobalModel model;
    private final Aggregation aggregation;
    private final long startNanos;
    private final long deadlineNanos;
    private final String[] sentSession;
    private final long[] sentNanos;
    private final DeviceOutcome[] outcomes;
    private final String[] refusals;
    private final Set<Integer> streaming = new HashSet<>();
    private boolean open = true;
    private int received;

    /**
     * @param plan          the strategy's plan of the round
     * @param model         w_t, sent to every selected device
     * @param aggregation   where accepted deltas go
     * @param startNanos    the round's start, {@link System#nanoTime} clock
     * @param deadlineNanos when it stops accepting updates, same clock
     */
    public Round(RoundPlan plan, GlobalModel model, Aggregation aggregation, long startNanos, long deadlineNanos) {
        this.plan = plan;
        this.model = model;
        this.aggregation = aggregation;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        int n = plan.devices();
        this.sentSession = new String[n];
        this.sentNanos = new long[n];
        this.outcomes = new DeviceOutcome[n];
        this.refusals = new String[n];
    }

    public long number() {
        return plan.round();
    }

    public RoundPlan plan() {
        return plan;
    }

    /** w_t. */
    public GlobalModel model() {
        return model;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public long startNanos() {
        return startNanos;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public boolean isOpen() {
        return open;
    }

    /** Stops accepting updates. */
    public void close() {
        open = false;
    }

    /** The task went to {@code session} of device {@code k} at {@code nanos}. */
    public void markSent(int k, String session, long nanos) {
        sentSession[k] = session;
        sentNanos[k] = nanos;
    }

    /** The session the task of device {@code k} went to, null until sent. */
    public String sentSession(int k) {
        return sentSession[k];
    }

    public long sentNanos(int k) {
        return sentNanos[k];
    }

    /** The accepted update's outcome of device {@code k}, or null. */
    public DeviceOutcome outcome(int k) {
        return outcomes[k];
    }

    /** Device {@code k}'s update was accepted. */
    public void accept(int k, DeviceOutcome outcome) {
        outcomes[k] = outcome;
        received++;
    }

    /** The last reason an update of device {@code k} was refused, or null. */
    public String refusal(int k) {
        return refusals[k];
    }

    public void refuse(int k, String reason) {
        refusals[k] = reason;
    }

    public boolean isStreaming(int k) {
        return streaming.contains(k);
    }

    public void startStreaming(int k) {
        streaming.add(k);
    }

    public void stopStreaming(int k) {
        streaming.remove(k);
    }

    /** The outcomes of the accepted updates, by device index. */
    public List<DeviceOutcome> accepted() {
        List<DeviceOutcome> list = new ArrayList<>();
        for (int k : plan.selected()) {
            if (outcomes[k] != null) {
                list.add(outcomes[k]);
            }
        }
        return list;
    }

    /** K', the updates accepted. */
    public int received() {
        return received;
    }

    /**
     * Waits on {@code lock}, which the caller holds, until every selected device answered, the
     * deadline passed or {@code stopped} says so (checked whenever the lock is notified); then closes.
     */
    public void awaitAnswers(Object lock, BooleanSupplier stopped) throws InterruptedException {
        while (!allAnswered() && !stopped.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        close();
    }

    /** True when every selected device's update was accepted or refused and none is streaming. */
    public boolean allAnswered() {
        if (!streaming.isEmpty()) {
            return false;
        }
        for (int k : plan.selected()) {
            if (outcomes[k] == null && refusals[k] == null) {
                return false;
            }
        }
        return true;
    }
}
