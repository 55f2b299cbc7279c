package org.fedqnn.cli;

import static org.fedqnn.cli.ResumeHarness.WAIT_SECONDS;
import static org.fedqnn.cli.ResumeHarness.assertExit;
import static org.fedqnn.cli.ResumeHarness.command;
import static org.fedqnn.cli.ResumeHarness.freePort;
import static org.fedqnn.cli.ResumeHarness.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedqnn.server.checkpoint.CheckpointFile;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.fedqnn.server.records.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base station killed and resumed ends as if it had never stopped: a real {@code fedqnn server}
 * JVM with one device JVM hosting its three devices (mlp on Fashion-MNIST, four rounds) is halted
 * at a chosen moment ({@link CrashPoint}: Runtime.halt(137), which is what SIGKILL looks like to
 * the process) or killed with SIGKILL at a seeded moment, then started again with
 * {@code --resume} on the same port; the same device JVM reconnects by itself. The final
 * model.fqnn is the uninterrupted run's bit for bit (but its run id), and rounds.csv and
 * device-rounds.csv are the same but for the wall times, and so is the table of rounds in
 * summary.md, which the resumed base station rebuilds from rounds.jsonl.
 */
class ResumeRunTest {

    private static final List<String> SETTINGS = List.of("--model", "mlp", "--bits", "8", "--devices", "3",
            "--per-round", "2", "--local-steps", "4", "--batch", "16", "--rounds", "4", "--test-limit", "300",
            "--loss-samples", "200", "--seed", "11", "--round-deadline", "60", "--registration-timeout", "90",
            "--poll-window", "5");
    /** How long the device JVMs of a killed fedqnn run may take to end (without the watch: 5 minutes). */
    private static final long ORPHAN_SECONDS = 30;
    static final String ALL_MOMENTS = "fedqnn.resumeTest.allMoments";

    @TempDir
    static Path temp;

    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        reference = temp.resolve("reference");
        ResumeHarness.referenceRun(reference, SETTINGS);
    }

    /**
     * Only with the system property {@value #ALL_MOMENTS}=true (about half a minute per moment on
     * two busy cores): halted halfway through writing the checkpoint after round 3 (as in
     * {@link #aKilledFedqnnRunResumesWithNewDeviceJvms}), just after round 1's tasks went out, just
     * after the aggregation of round 2 (with the latest checkpoint intact), after round 1's rows
     * were written but before its checkpoint, and between the two renames of the checkpoint after
     * round 2 (no latest checkpoint: the previous is used).
     */
    @Test
    void killedAtEachMomentAndResumedEndsAsTheUninterruptedRun() throws Exception {
        List<String> moments = new ArrayList<>();
        if (Boolean.getBoolean(ALL_MOMENTS)) {
            moments.addAll(List.of(CrashPoint.CHECKPOINT_WRITE + ":3", CrashPoint.ROUND_OPEN + ":1",
                    CrashPoint.AGGREGATION + ":2",
                    CrashPoint.RECORDS + ":1", CrashPoint.CHECKPOINT_RENAME + ":2"));
        }
        for (String at : moments) {
            Path run = temp.resolve(at.replace(':', '-'));
            int port = freePort();
            Process server = server(run, port, at, List.of());
            Process devices = devices(port, run.resolve("devices.log"));
            assertExit(137, server, run.resolve("server.log"));
            String log = resume(run, port, devices);
            if (at.startsWith(CrashPoint.CHECKPOINT_RENAME)) {
                assertTrue(log.contains(CheckpointFile.LATEST + " refused: no such file"), at + ": " + log);
            }
            assertSameRun(run, at);
        }
    }

    /**
     * Halted during the aggregation of round 3, its latest checkpoint (after 3 rounds) then
     * corrupted: the checkpoint is refused naming the file, and the run resumes from the previous
     * one (after 2 rounds), cutting round 2's rows from the records and playing it again.
     */
    @Test
    void aCorruptLatestCheckpointIsRefusedAndThePreviousResumesTheRun() throws Exception {
        Path run = temp.resolve("corrupt");
        int port = freePort();
        Process server = server(run, port, CrashPoint.AGGREGATION + ":3", List.of());
        Process devices = devices(port, run.resolve("devices.log"));
        assertExit(137, server, run.resolve("server.log"));
        Path latest = run.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length - 9] ^= 1;
        Files.write(latest, bytes);
        String log = resume(run, port, devices);
        assertTrue(log.contains(latest + " refused: checksum mismatch"), log);
        assertTrue(log.contains("from " + run.resolve(CheckpointFile.PREVIOUS) + " after 2 rounds"), log);
        assertSameRun(run, "corrupt latest");
    }

    /** SIGKILL (Process.destroyForcibly) at a seeded moment: after a seeded number of rounds, a seeded delay on. */
    @Test
    void killedWithSigkillAtASeededMomentAndResumedEndsAsTheUninterruptedRun() throws Exception {
        Random random = new Random(20261202L);
        int afterRounds = 1 + random.nextInt(3);
        long delayMillis = random.nextInt(400);
        Path run = temp.resolve("sigkill");
        int port = freePort();
        Process server = server(run, port, null, List.of());
        Process devices = devices(port, run.resolve("devices.log"));
        Path rounds = run.resolve("rounds.csv");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (server.isAlive() && (!Files.exists(rounds) || Files.readAllLines(rounds).size() < 1 + afterRounds)) {
            assertTrue(System.nanoTime() < until, "no " + afterRounds + " rounds in " + WAIT_SECONDS + " s");
            Thread.sleep(20);
        }
        Thread.sleep(delayMillis);
        server.destroyForcibly();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        System.out.println("SIGKILL after " + afterRounds + " rounds + " + delayMillis + " ms: exit "
                + server.exitValue());
        resume(run, port, devices);
        assertSameRun(run, "SIGKILL after " + afterRounds + " rounds + " + delayMillis + " ms");
    }

    /**
     * Over mutual TLS on loopback ({@code fedqnn certs}, {@code --tls-dir} on both sides): halted
     * during the aggregation of round 2 and resumed with the same {@code --tls-dir}, the same device
     * JVM reconnecting with its certificates; it ends as the uninterrupted plaintext run (the
     * transport changes no number).
     */
    @Test
    void aRunOverMutualTlsKilledAndResumedEndsAsTheUninterruptedRun() throws Exception {
        Path certs = temp.resolve("certs");
        MainTest.Result made = MainTest.run("certs", "--out", certs.toString(), "--devices",
                String.join(",", ResumeHarness.DEVICE_NAMES));
        assertEquals(0, made.code(), made.out() + made.err());
        Path run = temp.resolve("tls");
        int port = freePort();
        List<String> tls = List.of("--tls-dir", certs.toString());
        Process server = server(run, port, CrashPoint.AGGREGATION + ":2", tls);
        Process devices = ResumeHarness.devices(port, run.resolve("devices.log"), certs);
        assertExit(137, server, run.resolve("server.log"));
        String log = ResumeHarness.resume(run, port, devices, tls);
        assertTrue(log.contains("transport   mutual TLS on 127.0.0.1"), log);
        assertTrue(log.contains("from " + run.resolve(CheckpointFile.LATEST) + " after 2 rounds"), log);
        assertSameRun(run, "mutual TLS, aggregation:2");
    }

    /**
     * {@code fedqnn run} halted halfway through writing the checkpoint after round 3 (the latest,
     * after 2 rounds, stays whole beside the half-written temporary file); its device JVMs end by
     * themselves when it is gone; {@code fedqnn run --resume} continues with new device JVMs. Its
     * device names differ from the reference's, which the records do not depend on.
     */
    @Test
    void aKilledFedqnnRunResumesWithNewDeviceJvms() throws Exception {
        Path run = temp.resolve("fedqnn-run");
        Process p = fedqnnRun(run, CrashPoint.CHECKPOINT_WRITE + ":3");
        Set<ProcessHandle> devices = new HashSet<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (p.isAlive() && System.nanoTime() < until) {
            p.descendants().forEach(devices::add);
            Thread.sleep(50);
        }
        assertExit(137, p, run.resolve("run.log"));
        assertDevicesEnd(devices, run);
        assertTrue(Files.exists(run.resolve("checkpoint.fqck.tmp")), "the half-written checkpoint");
        MainTest.Result r = MainTest.run("run", "--resume", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("resumed     run " + Manifest.read(run).runId() + " from "
                + run.resolve(CheckpointFile.LATEST) + " after 2 rounds"), r.out());
        assertSameRun(run, "fedqnn run, checkpoint-write:3");
    }

    /**
     * {@code fedqnn run} killed with SIGKILL (Process.destroyForcibly) once its first round is
     * recorded: its device JVMs, found among its descendants before the kill, see their launcher
     * gone and end within {@value #ORPHAN_SECONDS} s, each saying why in its log (without the watch
     * they would retry the base station for 5 minutes); {@code fedqnn run --resume} then ends the
     * run as the uninterrupted one.
     */
    @Test
    void aFedqnnRunKilledWithSigkillTakesItsDeviceJvmsWithItAndResumes() throws Exception {
        Path run = temp.resolve("fedqnn-run-sigkill");
        Process p = fedqnnRun(run, null);
        Path rounds = run.resolve("rounds.csv");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (p.isAlive() && (!Files.exists(rounds) || Files.readAllLines(rounds).size() < 2)) {
            assertTrue(System.nanoTime() < until, "no round in " + WAIT_SECONDS + " s");
            Thread.sleep(20);
        }
        Set<ProcessHandle> devices = new HashSet<>();
        p.descendants().forEach(devices::add);
        assertTrue(p.isAlive(), "fedqnn run ended before it was killed");
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "fedqnn run still alive 30 s after SIGKILL");
        assertEquals(1, devices.size(), "the device JVMs of fedqnn run (--device-jvms 1): " + devices);
        assertDevicesEnd(devices, run);
        String log = Files.readString(run.resolve("device-jvm-0.log"));
        assertTrue(log.contains("the launcher (process " + p.pid() + ") has ended; stopping the devices of this JVM"),
                log);
        MainTest.Result r = MainTest.run("run", "--resume", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertSameRun(run, "fedqnn run, SIGKILL after round 1");
    }

    /**
     * A base station killed while it waits for its devices has no checkpoint: {@code --resume}
     * refuses the folder, saying that the run never started and how to start it again, and that
     * command does start it again there (stopped here by a one-second registration timeout).
     */
    @Test
    void aServerKilledBeforeItsDevicesRegisteredIsRefusedSayingHowToStartItAgain() throws Exception {
        Path run = temp.resolve("never-started");
        Process server = server(run, freePort(), null, List.of());
        Path log = run.resolve("server.log");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!ResumeHarness.read(log).contains("waiting for 3 devices")) {
            assertTrue(server.isAlive() && System.nanoTime() < until, "no listening line: " + ResumeHarness.read(log));
            Thread.sleep(20);
        }
        server.destroyForcibly();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        String runId = Manifest.read(run).runId();
        MainTest.Result r = MainTest.run("server", "--resume", run.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String again = "fedqnn server --config " + run.resolve("manifest.json") + " --out " + run;
        assertTrue(r.err().contains("--resume " + run + ": the run never started, there is no checkpoint to resume "
                + "from") && r.err().contains(again), r.err());
        List<String> args = new ArrayList<>(List.of(again.split(" ")).subList(1, 6));
        args.addAll(List.of("--port", "0", "--registration-timeout", "1"));
        MainTest.Result restarted = MainTest.run(args.toArray(new String[0]));
        assertEquals(1, restarted.code(), restarted.out() + restarted.err());
        assertTrue(restarted.out().contains("only 0 of N = 3 devices registered within 1 s"), restarted.out());
        assertNotEquals(runId, Manifest.read(run).runId(), "a new run in the folder");
    }

    /** A {@code fedqnn run} JVM of the reference's settings into {@code run}, halting at {@code crashAt} or never. */
    private static Process fedqnnRun(Path run, String crashAt) throws IOException {
        Files.createDirectories(run);
        List<String> args = new ArrayList<>(List.of("run", "--out", run.toString(), "--device-jvms", "1",
                "--device-heap", "512m"));
        args.addAll(SETTINGS);
        return start(command(crashAt, args), run.resolve("run.log"));
    }

    /** Every one of {@code devices} ends within {@value #ORPHAN_SECONDS} s; those that do not are killed. */
    private static void assertDevicesEnd(Set<ProcessHandle> devices, Path run) throws Exception {
        assertTrue(!devices.isEmpty(), "the device JVM was never seen");
        long start = System.nanoTime();
        try {
            for (ProcessHandle d : devices) {
                try {
                    d.onExit().get(ORPHAN_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("device JVM " + d.pid() + " still alive " + ORPHAN_SECONDS
                            + " s after its fedqnn run ended; its log:\n"
                            + ResumeHarness.read(run.resolve("device-jvm-0.log")));
                }
            }
            System.out.printf("%s: the device JVMs ended %.1f s after fedqnn run%n", run.getFileName(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            devices.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String resume(Path run, int port, Process devices) throws Exception {
        return ResumeHarness.resume(run, port, devices, List.of());
    }

    private static void assertSameRun(Path run, String what) throws IOException {
        ResumeHarness.assertSameRun(reference, run, what);
    }

    private static Process server(Path run, int port, String crashAt, List<String> extra) throws IOException {
        return ResumeHarness.server(run, port, crashAt, SETTINGS, extra);
    }

    private static Process devices(int port, Path log) throws IOException {
        return ResumeHarness.devices(port, log, null);
    }
}
