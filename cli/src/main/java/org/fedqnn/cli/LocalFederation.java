package org.fedqnn.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.grpc.BaseStation;
import org.fedqnn.server.grpc.ServerTransport;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.security.CertsFolder;
import org.fedqnn.server.security.ServerSecurity;
import org.fedqnn.server.strategy.FederatedStrategy;
import org.fedqnn.server.strategy.PaperFedAvg;

/**
 * One whole federated run on this machine, as {@code fedqnn run} and {@code fedqnn sweep} start
 * it: a base station in this JVM on a loopback port and {@code jvms} device JVMs that host the N
 * devices between them (device JVM i hosts every device name {@code jvm<i>-device<j>}), each with
 * {@code OMP_NUM_THREADS} set to its share of the cores; in plaintext, or over mutual TLS with
 * the devices' certificates from a {@code fedqnn certs} folder. Every process it starts is stopped when
 * the run ends, fails or is interrupted (Ctrl-C), and the device JVMs watch this one
 * ({@code fedqnn device --exit-with PID}), so that they end within seconds when it is killed. Stateless.
 */
final class LocalFederation {

    /**
     * How the device JVMs are started.
     *
     * @param count   device JVMs, 1..N
     * @param heap    the -Xmx of each, e.g. "2g"
     * @param threads OMP_NUM_THREADS of each, or null for cores / count (at least 1)
     * @param dataDir where devices look for the data set first, or null
     * @param attackers how many of the N devices, from device 0 (named {@code jvm<i>-device<k>}, k &lt;
     *                  attackers), send the max-code attack; 0 for an honest run
     */
    record DeviceJvms(int count, String heap, Integer threads, Path dataDir, int attackers) {

        DeviceJvms(int count, String heap, Integer threads, Path dataDir) {
            this(count, heap, threads, dataDir, 0);
        }

        int threadsEach() {
            return threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / count);
        }
    }

    /** The address the base station of a local run listens on. */
    static final String HOST = "127.0.0.1";

    private LocalFederation() {
    }

    /**
     * Runs {@code settings} to its end and returns how it ended; the run folder is {@code folder},
     * its manifest records {@code invocation}.
     */
    static RunOutcome run(RunSettings settings, Dataset ds, Path folder, DeviceJvms jvms, Invocation invocation,
                          PrintWriter console) throws IOException, InterruptedException {
        return run(settings, layout -> new PaperFedAvg(settings, layout), null, ds, folder, jvms, invocation, console);
    }

    /** As {@link #run(RunSettings, Dataset, Path, DeviceJvms, Invocation, PrintWriter)}, with the strategy {@code strategies} makes. */
    static RunOutcome run(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                          DeviceProfiles profiles, Dataset ds, Path folder, DeviceJvms jvms, Invocation invocation,
                          PrintWriter console)
            throws IOException, InterruptedException {
        return run(settings, strategies, profiles, ds, folder, jvms, ServerSecurity.plaintext(), null, invocation,
                console);
    }

    /**
     * As {@link #run(RunSettings, Function, DeviceProfiles, Dataset, Path, DeviceJvms, Invocation, PrintWriter)},
     * with the listener secured as {@code security} says; under mutual TLS every device JVM takes
     * its devices' certificates from {@code certs}, which must hold one for each of the N names.
     * With {@code invocation} null, resumes the run of {@code folder} from its checkpoint
     * ({@link BaseStation#resume}) with new device JVMs, their logs appended to.
     */
    static RunOutcome run(RunSettings settings, Function<ModelLayout, FederatedStrategy> strategies,
                          DeviceProfiles profiles, Dataset ds, Path folder, DeviceJvms jvms, ServerSecurity security,
                          CertsFolder certs, Invocation invocation, PrintWriter console)
            throws IOException, InterruptedException {
        if (jvms.count() < 1 || jvms.count() > settings.devices()) {
            throw new IllegalArgumentException("--device-jvms must be in 1..N = " + settings.devices() + ", got "
                    + jvms.count());
        }
        if (jvms.attackers() < 0 || jvms.attackers() > settings.devices()) {
            throw new IllegalArgumentException("--attackers must be in 0..N = " + settings.devices() + ", got "
                    + jvms.attackers());
        }
        if (security.tls()) {
            checkCertificates(certs, settings.devices(), jvms.count());
        }
        List<Process> devices = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        String transport = security.describe(HOST);
        boolean resume = invocation == null;
        try (BaseStation station = resume
                ? BaseStation.resume(settings, strategies, profiles, ds, ServerTransport.listening(HOST, 0, security),
                        folder, console)
                : BaseStation.start(settings, strategies, profiles, ds, ServerTransport.listening(HOST, 0, security),
                        folder, invocation.withTransport(transport), console)) {
            Thread hook = new Thread(() -> {
                station.stop("interrupted (Ctrl-C)");
                ServerCommand.awaitQuietly(finished, 60);
                devices.forEach(Process::destroyForcibly);
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int threads = jvms.threadsEach();
                console.printf("run         N = %d devices in %d device JVMs (%d OpenMP threads each), K = %d, I = %d, "
                                + "n = %s, m = %s; base station on 127.0.0.1:%d; run folder %s%n", settings.devices(),
                        jvms.count(), threads, settings.devicesPerRound(), settings.localSteps(),
                        settings.trainingPrecision().label(), settings.uplinkPrecision().label(), station.port(),
                        folder);
                console.println("transport   " + transport);
                if (jvms.attackers() > 0) {
                    console.printf("attack      devices 0..%d of the N send the max-code attack when selected%n",
                            jvms.attackers() - 1);
                }
                console.flush();
                Files.createDirectories(folder);
                for (int i = 0; i < jvms.count(); i++) {
                    List<String> names = deviceNames(i, jvms.count(), settings.devices());
                    List<String> cmd = deviceJvmCommand(station.port(), names, jvms.heap(), jvms.dataDir(),
                            security.tls() ? certs.dir() : null);
                    cmd.add("--exit-with");
                    cmd.add(Long.toString(ProcessHandle.current().pid()));
                    for (String name : names) {
                        if (deviceNumber(name) < jvms.attackers()) {
                            cmd.add("--max-codes");
                            cmd.add(name);
                        }
                    }
                    devices.add(startLogged(cmd, threads, folder.resolve("device-jvm-" + i + ".log"), resume));
                }
                RunOutcome outcome = station.run();
                finished.countDown();
                awaitDevices(devices, console);
                return outcome;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it stops the devices itself
                }
            }
        } finally {
            devices.forEach(Process::destroyForcibly);
        }
    }

    /** The names device JVM {@code jvm} of {@code jvms} hosts: every jvms-th of the N devices. */
    static List<String> deviceNames(int jvm, int jvms, int devices) {
        List<String> names = new ArrayList<>();
        for (int k = jvm; k < devices; k += jvms) {
            names.add("jvm" + jvm + "-device" + k);
        }
        return names;
    }

    /** k of a name {@link #deviceNames} made. */
    static int deviceNumber(String name) {
        return Integer.parseInt(name.substring(name.lastIndexOf("device") + "device".length()));
    }

    /**
     * Checks that {@code certs} holds a certificate for each of the N device names.
     *
     * @throws IllegalArgumentException naming the missing ones and the command that makes them
     */
    static void checkCertificates(CertsFolder certs, int devices, int jvms) {
        if (certs == null) {
            throw new IllegalArgumentException("fedqnn run takes mutual TLS from --tls-dir only (its device JVMs need "
                    + "each device's certificate from the folder)");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            for (String name : deviceNames(i, jvms, devices)) {
                if (!Files.isRegularFile(certs.deviceCertificate(name))) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(certs.dir() + " has no certificate for device(s) " + missing
                    + "; make them with: fedqnn certs --out " + certs.dir() + " --devices " + String.join(",", missing));
        }
    }

    /** The command line of a plaintext device JVM hosting {@code names}, with this JVM's java and class path. */
    static List<String> deviceJvmCommand(int port, List<String> names, String heap, Path dataDir) {
        return deviceJvmCommand(port, names, heap, dataDir, null);
    }

    /**
     * The command line of a device JVM hosting {@code names}, with this JVM's java and class path,
     * over mutual TLS with the certificates of {@code tlsDir} (null for plaintext).
     */
    static List<String> deviceJvmCommand(int port, List<String> names, String heap, Path dataDir, Path tlsDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Dorg.bytedeco.javacpp.platform.extension=-onednn");
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("device");
        cmd.add("--server");
        cmd.add(HOST + ":" + port);
        if (tlsDir != null) {
            cmd.add("--tls-dir");
            cmd.add(tlsDir.toAbsolutePath().toString());
        }
        if (dataDir != null) {
            cmd.add("--data-dir");
            cmd.add(dataDir.toAbsolutePath().toString());
        }
        for (String name : names) {
            cmd.add("--name");
            cmd.add(name);
        }
        return cmd;
    }

    /** Starts {@code cmd} with OMP_NUM_THREADS = {@code threads}, its output into {@code log}. */
    static Process startLogged(List<String> cmd, int threads, Path log) throws IOException {
        return startLogged(cmd, threads, log, false);
    }

    /** As above, appending to {@code log} when {@code append}. */
    static Process startLogged(List<String> cmd, int threads, Path log, boolean append) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectErrorStream(true);
        pb.redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                : ProcessBuilder.Redirect.to(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    private static void awaitDevices(List<Process> devices, PrintWriter console) throws InterruptedException {
        for (int i = 0; i < devices.size(); i++) {
            Process p = devices.get(i);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                console.println("note: device JVM " + i + " did not exit 30 s after the run ended; stopping it");
                p.destroyForcibly();
            } else if (p.exitValue() != 0) {
                console.println("note: device JVM " + i + " exited with status " + p.exitValue()
                        + " (see its log in the run folder)");
            }
        }
    }
}
