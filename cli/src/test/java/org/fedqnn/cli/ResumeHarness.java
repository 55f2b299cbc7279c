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
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.fedqnn.server.checkpoint.CrashPoint;
import org.junit.jupiter.api.Assumptions;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;

/**
 * The processes and comparisons of the resume tests ({@link ResumeRunTest},
 * {@link ResumeLayerwiseTest}): {@code fedqnn server}, {@code fedqnn run} and {@code fedqnn device}
 * JVMs on loopback, optionally halted by the crash hook ({@link CrashPoint}), and the check that a
 * resumed run folder holds the uninterrupted run's model.fqnn bit for bit and its records but for
 * the wall times. Stateless.
 */
final class ResumeHarness {

    /** The longest any one process of these tests may take. */
    static final long WAIT_SECONDS = 150;
    /** The hand-started devices of {@link #devices}. */
    static final List<String> DEVICE_NAMES = List.of("d0", "d1", "d2");

    private ResumeHarness() {
    }

    /**
     * The uninterrupted run of {@code settings} into {@code run}, plaintext on loopback, to compare
     * resumed runs with; skipped (an assumption) where Fashion-MNIST is not installed.
     */
    static void referenceRun(Path run, List<String> settings) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        int port = freePort();
        Process server = server(run, port, null, settings, List.of());
        Process devices = devices(port, run.resolve("devices.log"), null);
        assertExit(0, server, run.resolve("server.log"));
        assertExit(0, devices, run.resolve("devices.log"));
    }

    /** A {@code fedqnn server} JVM for the run folder {@code run}, with {@code settings} and {@code extra}. */
    static Process server(Path run, int port, String crashAt, List<String> settings, List<String> extra)
            throws IOException {
        Files.createDirectories(run);
        List<String> args = new ArrayList<>(List.of("--out", run.toString()));
        args.addAll(settings);
        args.addAll(extra);
        return start(serverCommand(port, crashAt, args), run.resolve("server.log"));
    }

    static List<String> serverCommand(int port, String crashAt, List<String> args) {
        List<String> all = new ArrayList<>(List.of("server", "--port", Integer.toString(port)));
        all.addAll(args);
        return command(crashAt, all);
    }

    /** A fedqnn JVM running {@code args}, halting at {@code crashAt} (null for never). */
    static List<String> command(String crashAt, List<String> args) {
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

    /**
     * One device JVM hosting {@link #DEVICE_NAMES}, started by hand (so it reconnects to a lost
     * base station), over mutual TLS with {@code tlsDir}'s certificates (null for plaintext).
     */
    static Process devices(int port, Path log, Path tlsDir) throws IOException {
        List<String> cmd = LocalFederation.deviceJvmCommand(port, DEVICE_NAMES, "512m", null, tlsDir);
        cmd.addAll(List.of("--reconnect-max", "1"));
        return LocalFederation.startLogged(cmd, 1, log);
    }

    static Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    /**
     * Resumes the run of {@code run} on {@code port} with {@code extra} options (TLS); waits for it
     * and its devices to end; the server's log.
     */
    static String resume(Path run, int port, Process devices, List<String> extra) throws Exception {
        Path log = run.resolve("server-resumed.log");
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("--resume", run.toString()));
        args.addAll(extra);
        Process server = start(serverCommand(port, null, args), log);
        assertExit(0, server, log);
        assertExit(0, devices, run.resolve("devices.log"));
        String text = Files.readString(log);
        System.out.printf("%s resumed in %.1f s:%n%s%n", run.getFileName(), (System.nanoTime() - start) / 1e9, text);
        assertTrue(text.contains("resumed     run " + Manifest.read(run).runId()), text);
        return text;
    }

    /**
     * {@code run} ended as {@code reference}: model.fqnn bit for bit (but its run id), the records
     * but for the wall times.
     */
    static void assertSameRun(Path reference, Path run, String what) throws IOException {
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

    static void assertExit(int expected, Process p, Path log) throws Exception {
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + WAIT_SECONDS + " s; log " + log + ":\n"
                    + Files.readString(log));
        }
        assertEquals(expected, p.exitValue(), () -> "exit status; log " + log + ":\n" + read(log));
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
