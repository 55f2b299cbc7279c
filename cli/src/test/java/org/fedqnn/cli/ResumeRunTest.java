package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.fedqnn.server.checkpoint.CheckpointFile;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.junit.jupiter.api.Assumptions;
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
    private static final long WAIT_SECONDS = 150;
    static final String ALL_MOMENTS = "fedqnn.resumeTest.allMoments";

    @TempDir
    static Path temp;

    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        reference = temp.resolve("reference");
        int port = freePort();
        Process server = server(reference, port, null, List.of());
        Process devices = devices(port, reference.resolve("devices.log"));
        assertExit(0, server, reference.resolve("server.log"));
        assertExit(0, devices, reference.resolve("devices.log"));
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
     * {@code fedqnn run} halted halfway through writing the checkpoint after round 3 (the latest,
     * after 2 rounds, stays whole beside the half-written temporary file); its device JVMs, which
     * outlive it, are stopped; {@code fedqnn run --resume} continues with new device JVMs. Its
     * device names differ from the reference's, which the records do not depend on.
     */
    @Test
    void aKilledFedqnnRunResumesWithNewDeviceJvms() throws Exception {
        Path run = temp.resolve("fedqnn-run");
        Files.createDirectories(run);
        List<String> args = new ArrayList<>(List.of("run", "--out", run.toString(), "--device-jvms", "1",
                "--device-heap", "512m"));
        args.addAll(SETTINGS);
        Process p = start(command(CrashPoint.CHECKPOINT_WRITE + ":3", args), run.resolve("run.log"));
        java.util.Set<ProcessHandle> devices = new java.util.HashSet<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (p.isAlive() && System.nanoTime() < until) {
                p.descendants().forEach(devices::add);
                Thread.sleep(50);
            }
            assertExit(137, p, run.resolve("run.log"));
        } finally {
            devices.forEach(ProcessHandle::destroyForcibly);
        }
        assertTrue(!devices.isEmpty(), "the device JVM was never seen");
        assertTrue(Files.exists(run.resolve("checkpoint.fqck.tmp")), "the half-written checkpoint");
        MainTest.Result r = MainTest.run("run", "--resume", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("resumed     run " + Manifest.read(run).runId() + " from "
                + run.resolve(CheckpointFile.LATEST) + " after 2 rounds"), r.out());
        assertSameRun(run, "fedqnn run, checkpoint-write:3");
    }

    /** Resumes the run of {@code run} on {@code port}; waits for it and its devices to end; the server's log. */
    private static String resume(Path run, int port, Process devices) throws Exception {
        Path log = run.resolve("server-resumed.log");
        long start = System.nanoTime();
        Process server = start(serverCommand(port, null, List.of("--resume", run.toString())), log);
        assertExit(0, server, log);
        assertExit(0, devices, run.resolve("devices.log"));
        String text = Files.readString(log);
        System.out.printf("%s resumed in %.1f s:%n%s%n", run.getFileName(), (System.nanoTime() - start) / 1e9, text);
        assertTrue(text.contains("resumed     run " + Manifest.read(run).runId()), text);
        return text;
    }

    private static void assertSameRun(Path run, String what) throws IOException {
        assertEquals(FederatedRunTest.untimed(RoundRow.read(reference.resolve("rounds.csv"))),
                FederatedRunTest.untimed(RoundRow.read(run.resolve("rounds.csv"))), what + ": rounds.csv");
        assertEquals(FederatedRunTest.untimed(CsvTable.read(reference.resolve("device-rounds.csv"), DeviceRow.class)),
                FederatedRunTest.untimed(CsvTable.read(run.resolve("device-rounds.csv"), DeviceRow.class)),
                what + ": device-rounds.csv");
        assertEquals(Files.readAllLines(reference.resolve("rounds.jsonl")).size(),
                Files.readAllLines(run.resolve("rounds.jsonl")).size(), what + ": rounds.jsonl");
        // model.fqnn bit for bit once it carries the reference's run id (a random UUID of the same
        // length in its metadata) and so the CRC-32 of that
        byte[] want = Files.readAllBytes(reference.resolve("model.fqnn"));
        byte[] got = Files.readString(run.resolve("model.fqnn"), StandardCharsets.ISO_8859_1)
                .replace(Manifest.read(run).runId(), Manifest.read(reference).runId())
                .getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(got, 0, got.length - 4);
        ByteBuffer.wrap(got).putInt(got.length - 4, (int) crc.getValue());
        assertArrayEquals(want, got, what + ": model.fqnn");
        assertEquals(roundsTable(reference), roundsTable(run), what + ": summary.md");
        System.out.printf("%s: same model.fqnn (%d bytes), rounds.csv and device-rounds.csv as the uninterrupted "
                + "run%n", what, got.length);
    }

    /** The rows of summary.md's table of rounds, less their last cell (the round's wall time). */
    private static List<String> roundsTable(Path run) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("summary.md")).stream()
                .filter(l -> l.startsWith("| w_0 ") || l.matches("\\| [0-9]+ \\|.*"))
                .map(l -> l.replaceAll("\\| [^|]* \\|$", "|")).toList();
        assertTrue(rows.size() > 1, "no table of rounds in " + run.resolve("summary.md"));
        return rows;
    }

    private static Process server(Path run, int port, String crashAt, List<String> extra) throws IOException {
        Files.createDirectories(run);
        List<String> args = new ArrayList<>(List.of("--out", run.toString()));
        args.addAll(SETTINGS);
        args.addAll(extra);
        return start(serverCommand(port, crashAt, args), run.resolve("server.log"));
    }

    private static List<String> serverCommand(int port, String crashAt, List<String> args) {
        List<String> all = new ArrayList<>(List.of("server", "--port", Integer.toString(port)));
        all.addAll(args);
        return command(crashAt, all);
    }

    /** A fedqnn JVM running {@code args}, halting at {@code crashAt} (null for never). */
    private static List<String> command(String crashAt, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        if (crashAt != null) {
            cmd.add("-D" + CrashPoint.PROPERTY + "=" + crashAt);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    private static Process devices(int port, Path log) throws IOException {
        List<String> cmd = LocalFederation.deviceJvmCommand(port, List.of("d0", "d1", "d2"), "512m", null);
        cmd.addAll(List.of("--reconnect-max", "1"));
        return LocalFederation.startLogged(cmd, 1, log);
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    private static void assertExit(int expected, Process p, Path log) throws Exception {
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + WAIT_SECONDS + " s; log " + log + ":\n"
                    + Files.readString(log));
        }
        assertEquals(expected, p.exitValue(), () -> "exit status; log " + log + ":\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
