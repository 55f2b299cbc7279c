package org.fedqnn.server.grpc;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one call for a peer's silence: {@link #touch} on every sign of life; once none came for
 * the limit, the owner's idle action runs on the timer's thread. One timer task per watch at a
 * time (it reschedules itself for what is left rather than on every message). The owner decides
 * under its own lock whether the call really is idle ({@link #isIdle}) and may
 * {@link #resume} the watch. Thread-safe.
 */
final class IdleWatch {

    private final ScheduledExecutorService timer;
    private final long limitNanos;
    private final Runnable onIdle;
    private volatile long lastNanos;
    private volatile boolean stopped;
    private ScheduledFuture<?> next;

    /**
     * @param timer  runs the checks (and {@code onIdle})
     * @param limit  the longest silence
     * @param onIdle what to do once the call was silent for {@code limit}
     */
    IdleWatch(ScheduledExecutorService timer, Duration limit, Runnable onIdle) {
        this.timer = timer;
        this.limitNanos = limit.toNanos();
        this.onIdle = onIdle;
        this.lastNanos = System.nanoTime();
    }

    /** Starts watching from now. */
    IdleWatch start() {
        touch();
        schedule(limitNanos);
        return this;
    }

    /** A sign of life: the silence starts again from now. */
    void touch() {
        lastNanos = System.nanoTime();
    }

    /** True when no sign of life came for the limit. */
    boolean isIdle() {
        return System.nanoTime() - lastNanos >= limitNanos;
    }

    /** Watches again after an idle action found the call alive. */
    void resume() {
        if (!stopped) {
            schedule(Math.max(1, lastNanos + limitNanos - System.nanoTime()));
        }
    }

    /** Stops watching; the idle action will not run (unless it is running now). */
    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long left = lastNanos + limitNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            onIdle.run();
        }
    }

    private synchronized void schedule(long nanos) {
        if (stopped) {
            return;
        }
        try {
            next = timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the server is shutting down and ends every call itself
        }
    }
}
