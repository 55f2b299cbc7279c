package org.fedqnn.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.server.RunOutcome;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.grpc.BaseStation;
import org.fedqnn.server.grpc.ServerTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn run}: a whole federated run on this machine. Starts a base station in this JVM
 * on a loopback port and {@code --device-jvms} device JVMs that host the N devices between
 * them (device JVM i hosts every device name {@code jvm<i>-device<j>}), each with
 * {@code OMP_NUM_THREADS} set to its share of the cores; waits for the run; stops every process
 * it started (also on Ctrl-C and on failure); prints where the run folder is.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a base station and N devices in device JVMs on this machine; ends with the run folder.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FederationOptions federation;

    @Option(names = "--device-jvms", defaultValue = "2", description = "Device JVMs to start (default ${DEFAULT-VALUE}).")
    int deviceJvms;

    @Option(names = "--device-heap", defaultValue = "2g", description = "Maximum heap of each device JVM (default ${DEFAULT-VALUE}).")
    String deviceHeap;

    @Option(names = "--threads-per-jvm", description = "OMP_NUM_THREADS of each device JVM (default: cores / device JVMs, at least 1).")
    Integer threadsPerJvm;

    @Option(names = "--out", description = "Run folder (default runs/run-<time>-<dataset>-<model>-<bits>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Dataset ds = federation.data.load(console);
        RunSettings settings = federation.settings(ds);
        if (deviceJvms < 1 || deviceJvms > settings.devices()) {
            throw new IllegalArgumentException("--device-jvms must be in 1..N = " + settings.devices() + ", got "
                    + deviceJvms);
        }
        Path folder = ServerCommand.runFolder(out, settings);
        List<Process> devices = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        try (BaseStation station = BaseStation.start(settings, ds, ServerTransport.listening("127.0.0.1", 0), folder,
                Map.of("command", "fedqnn run", "device_jvms", deviceJvms), console)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                station.stop("interrupted (Ctrl-C)");
                ServerCommand.awaitQuietly(finished, 60);
                devices.forEach(Process::destroyForcibly);
            }));
            int threads = threadsPerJvm != null ? threadsPerJvm
                    : Math.max(1, Runtime.getRuntime().availableProcessors() / deviceJvms);
            console.printf("run         N = %d devices in %d device JVMs (%d OpenMP threads each), K = %d, I = %d, "
                            + "n = %s, m = %s; base station on 127.0.0.1:%d; run folder %s%n", settings.devices(),
                    deviceJvms, threads, settings.devicesPerRound(), settings.localSteps(),
                    settings.trainingPrecision().label(), settings.uplinkPrecision().label(), station.port(), folder);
            console.flush();
            for (int i = 0; i < deviceJvms; i++) {
                devices.add(startDeviceJvm(i, station.port(), settings.devices(), threads, folder));
            }
            RunOutcome outcome = station.run();
            finished.countDown();
            awaitDevices(devices, console);
            console.println("run folder  " + folder.toAbsolutePath() + " (summary.md, rounds.csv, rounds.jsonl, "
                    + "device-rounds.csv, manifest.json, model.fqnn, device JVM logs)");
            console.flush();
            return outcome.completed() ? 0 : 1;
        } finally {
            finished.countDown();
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

    private Process startDeviceJvm(int index, int port, int devices, int threads, Path folder) throws IOException {
        List<String> cmd = deviceJvmCommand(port, deviceNames(index, deviceJvms, devices), deviceHeap,
                federation.data.dataDir);
        Files.createDirectories(folder);
        return startLogged(cmd, threads, folder.resolve("device-jvm-" + index + ".log"));
    }

    /** The command line of a device JVM hosting {@code names}, with this JVM's java and class path. */
    static List<String> deviceJvmCommand(int port, List<String> names, String heap, Path dataDir) {
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
        cmd.add("127.0.0.1:" + port);
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
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
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
