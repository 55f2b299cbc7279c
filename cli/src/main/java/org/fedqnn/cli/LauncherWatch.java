package org.fedqnn.cli;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Watches the process that launched this one ({@code fedqnn device --exit-with PID}, which
 * {@code fedqnn run} passes for the device JVMs it starts): a daemon thread checks every
 * {@link #CHECK_MILLIS} whether the process is still alive (by pid and start time, so that a
 * reused pid does not count) and runs an action once it is not. Without it a device JVM whose
 * launcher was killed (SIGKILL, which runs no shutdown hook) would retry its base station for
 * minutes. Stateless and thread-safe.
 */
final class LauncherWatch {

    /** How often the launcher is looked at. */
    static final long CHECK_MILLIS = 500;

    private LauncherWatch() {
    }

    /**
     * Starts a daemon thread that runs {@code ended} once process {@code pid} has ended (at once
     * when there is no such process now).
     *
     * @throws IllegalArgumentException when {@code pid} is not positive
     */
    static Thread start(long pid, Runnable ended) {
        if (pid <= 0) {
            throw new IllegalArgumentException("--exit-with must be a process id (a positive number), got " + pid);
        }
        Optional<ProcessHandle> launcher = ProcessHandle.of(pid);
        Thread t = new Thread(() -> {
            try {
                while (launcher.isPresent() && launcher.get().isAlive()) {
                    TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
                }
                ended.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "launcher-watch-" + pid);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
