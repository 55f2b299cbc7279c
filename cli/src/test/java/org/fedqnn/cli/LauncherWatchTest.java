package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LauncherWatch}: the action runs once the watched process has ended, not before. */
class LauncherWatchTest {

    @Test
    void theActionRunsOnceTheWatchedProcessEndsAndNotBefore() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "60").start();
        CountDownLatch ended = new CountDownLatch(1);
        try {
            Thread watch = LauncherWatch.start(launcher.pid(), ended::countDown);
            assertTrue(watch.isDaemon());
            assertFalse(ended.await(3 * LauncherWatch.CHECK_MILLIS, TimeUnit.MILLISECONDS), "ran while alive");
            launcher.destroyForcibly();
            assertTrue(ended.await(30, TimeUnit.SECONDS), "did not run 30 s after the process ended");
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsAlreadyGoneRunsTheActionAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        CountDownLatch ended = new CountDownLatch(1);
        LauncherWatch.start(gone.pid(), ended::countDown);
        assertTrue(ended.await(30, TimeUnit.SECONDS));
    }

    @Test
    void aPidThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherWatch.start(0, () -> { }));
        assertTrue(e.getMessage().contains("--exit-with must be a process id (a positive number), got 0"),
                e.getMessage());
        MainTest.Result r = MainTest.run("device", "--server", "127.0.0.1:1", "--name", "a", "--exit-with", "-5");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--exit-with must be a process id (a positive number), got -5"), r.err());
    }
}
