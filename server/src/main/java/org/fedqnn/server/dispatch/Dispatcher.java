package org.fedqnn.server.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.Round;
import org.fedqnn.server.strategy.DeviceInstruction;

/**
 * Hands out tasks: holds each device's long poll until it is selected in an open round (then
 * answers with its task), until the poll window passed (Idle), or until the run ended (Ended,
 * remembered per device so the end of the run can wait until everyone heard). Guarded by the
 * round loop's lock; futures are completed outside it. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {

    private final Object lock;
    private final long pollWindowMillis;
    private final List<ExpectedTensor> taskTensors;
    private final boolean[] toldEnded;
    private final Map<Integer, PendingPoll> polls = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fedqnn-poll-timer");
        t.setDaemon(true);
        return t;
    });

    private record PendingPoll(String session, CompletableFuture<Poll> future, ScheduledFuture<?> timeout) {
    }

    /**
     * @param lock             the round loop's lock
     * @param devices          N
     * @param pollWindowMillis how long a poll is held before it is answered Idle
     * @param taskTensors      the tensors of w_t as tasks send them
     */
    public Dispatcher(Object lock, int devices, long pollWindowMillis, List<ExpectedTensor> taskTensors) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.pollWindowMillis = pollWindowMillis;
        this.taskTensors = List.copyOf(taskTensors);
        this.toldEnded = new boolean[devices];
    }

    /**
     * A device's long poll in the state {@code round} (null before the first) and {@code ended}
     * (the run's end reason, null while it runs). The caller checked the session.
     *
     * @param lastRound the last round this session received a task for, or -1
     */
    public CompletableFuture<Poll> poll(int device, String session, long lastRound, Round round, String ended) {
        CompletableFuture<Poll> future = new CompletableFuture<>();
        PendingPoll replaced;
        synchronized (lock) {
            if (ended != null) {
                toldEnded[device] = true;
                lock.notifyAll();
                return CompletableFuture.completedFuture(new Poll.Ended(ended));
            }
            Task task = taskFor(device, session, lastRound, round);
            if (task != null) {
                return CompletableFuture.completedFuture(new Poll.Assigned(task));
            }
            ScheduledFuture<?> timeout = timer.schedule(() -> expire(device, future), pollWindowMillis,
                    TimeUnit.MILLISECONDS);
            replaced = polls.put(device, new PendingPoll(session, future, timeout));
        }
        if (replaced != null) {
            replaced.timeout.cancel(false);
            replaced.future.complete(new Poll.Idle());
        }
        return future;
    }

    /** The call behind a poll went away (the device hung up): forget the poll, answer it Idle. */
    public void expire(int device, CompletableFuture<Poll> future) {
        synchronized (lock) {
            PendingPoll p = polls.get(device);
            if (p != null && p.future == future) {
                polls.remove(device);
            }
        }
        future.complete(new Poll.Idle());
    }

    /**
     * Device {@code device} registered again: forgets its waiting poll from the old session.
     * Call under the lock, and answer the returned poll Idle after leaving it.
     *
     * @return the stale poll, or null when none waited
     */
    public CompletableFuture<Poll> removePoll(int device) {
        synchronized (lock) {
            PendingPoll stale = polls.remove(device);
            if (stale == null) {
                return null;
            }
            stale.timeout.cancel(false);
            return stale.future;
        }
    }

    /** A round opened: every selected device already waiting gets its task now. */
    public void open(Round round) {
        List<Map.Entry<CompletableFuture<Poll>, Task>> handOut = new ArrayList<>();
        synchronized (lock) {
            for (int k : round.plan().selected()) {
                PendingPoll p = polls.get(k);
                if (p != null) {
                    Task task = taskFor(k, p.session, -1, round);
                    if (task != null) {
                        polls.remove(k);
                        p.timeout.cancel(false);
                        handOut.add(Map.entry(p.future, task));
                    }
                }
            }
        }
        handOut.forEach(e -> e.getKey().complete(new Poll.Assigned(e.getValue())));
    }

    /** The run ended: every waiting poll is answered Ended. */
    public void end(String reason) {
        List<CompletableFuture<Poll>> waiting = new ArrayList<>();
        synchronized (lock) {
            for (Map.Entry<Integer, PendingPoll> e : polls.entrySet()) {
                e.getValue().timeout.cancel(false);
                waiting.add(e.getValue().future);
                toldEnded[e.getKey()] = true;
            }
            polls.clear();
            lock.notifyAll();
        }
        waiting.forEach(f -> f.complete(new Poll.Ended(reason)));
    }

    /**
     * Waits until each of the first {@code registered} devices was told the run ended, at most
     * {@code millis}.
     *
     * @return true when all were told
     */
    public boolean awaitTold(int registered, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (true) {
                boolean all = true;
                for (int k = 0; k < registered; k++) {
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

    /** The task of {@code device} in {@code r}, marking it sent; null when it has none. Under the lock. */
    private Task taskFor(int device, String session, long lastRound, Round r) {
        if (r == null || !r.isOpen() || !r.plan().isSelected(device) || r.outcome(device) != null
                || lastRound >= r.number()) {
            return null;
        }
        long now = System.nanoTime();
        r.markSent(device, session, now);
        DeviceInstruction in = r.plan().instruction(device);
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(r.deadlineNanos() - now));
        return new Task(r.number(), r.model().round(), in.training(), in.localSteps(), in.learningRate(),
                in.batchSize(), left, r.plan().selectedCount(), taskTensors, in.updateTensors(), r.model());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
