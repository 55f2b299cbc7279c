package org.fedqnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.grpc.BaseStation;
import org.fedqnn.server.grpc.ServerTransport;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.security.ServerSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedqnn server}: a base station alone, for devices started elsewhere ({@code fedqnn device}). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs a base station: waits for N devices, runs FedAvg rounds over gRPC, writes the run folder "
                + "with a checkpoint after every round; --resume RUN_DIR continues a run from its checkpoint. "
                + "--config FILE takes the options not given on the command line from FILE (e.g. an earlier run's "
                + "manifest.json).")
final class ServerCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FederationOptions federation;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "50051", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    ConfigOption config;

    @Mixin
    TlsOptions tls;

    @Option(names = "--out", description = "Run folder (default runs/run-<time>-<dataset>-<model>-<bits>).")
    Path out;

    @Mixin
    ResumeOption resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        ServerSecurity security = tls.security();
        security.checkListen(host);
        Dataset ds = federation.data.load(console);
        RunSettings settings = federation.settings(ds);
        Path folder = resume.dir != null ? resume.dir : runFolder(out, settings);
        String transport = security.describe(host);
        try (BaseStation station = resume.dir != null
                ? BaseStation.resume(settings, federation.strategy.factory(settings, ds, federation.uplinkBits == null),
                        federation.strategy.profiles(settings), ds, ServerTransport.listening(host, port, security),
                        folder, console)
                : BaseStation.start(settings, federation.strategy.factory(settings, ds, federation.uplinkBits == null),
                        federation.strategy.profiles(settings), ds, ServerTransport.listening(host, port, security),
                        folder, new Invocation("fedqnn server", RunOptions.of(spec), transport), console)) {
            console.printf("listening   %s:%d, run folder %s; waiting for %d devices%n", host, station.port(), folder,
                    settings.devices());
            console.println("transport   " + transport);
            console.flush();
            CountDownLatch finished = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                station.stop("interrupted (Ctrl-C)");
                awaitQuietly(finished, 60);
            }));
            try {
                RunOutcome outcome = station.run();
                console.println("run folder  " + folder.toAbsolutePath());
                console.println("report      " + folder.resolve("summary.md").toAbsolutePath());
                console.flush();
                return outcome.completed() ? 0 : 1;
            } finally {
                finished.countDown();
            }
        }
    }

    /** Waits for {@code latch} at most {@code seconds}, for a shutdown hook. */
    static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path runFolder(Path out, RunSettings s) {
        return out != null ? out : Path.of("runs", "run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + s.dataset() + "-"
                + s.model().name() + "-" + s.trainingPrecision().label());
    }
}
