package org.fedqnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.security.CertsFolder;
import org.fedqnn.server.security.ServerSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn run}: a whole federated run on this machine ({@link LocalFederation}); prints
 * where the run folder and its report are. Its options can come from a file
 * ({@code --config}, e.g. an earlier run's manifest.json); those given on the command line win.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a base station and N devices in device JVMs on this machine; ends with the run folder. "
                + "--config FILE takes the options not given on the command line from FILE. Plaintext on 127.0.0.1 "
                + "unless --tls-dir DIR (fedqnn certs with the device names jvm<i>-device<k>). --resume RUN_DIR "
                + "continues a killed run from its checkpoint with new device JVMs.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FederationOptions federation;

    @Mixin
    DeviceJvmOptions devices;

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
        CertsFolder certs = tls.tlsDir == null ? null : new CertsFolder(tls.tlsDir);
        Dataset ds = federation.data.load(console);
        RunSettings settings = federation.settings(ds);
        Path folder = resume.dir != null ? resume.dir : ServerCommand.runFolder(out, settings);
        RunOutcome outcome = LocalFederation.run(settings, federation.strategy.factory(settings, ds, federation.uplinkBits == null),
                federation.strategy.profiles(settings), ds, folder,
                devices.jvms(federation.data.dataDir), security, certs,
                resume.dir != null ? null : new Invocation("fedqnn run", RunOptions.of(spec)), console);
        console.println("run folder  " + folder.toAbsolutePath() + " (summary.md with the pictures, rounds.csv, "
                + "rounds.jsonl, device-rounds.csv, manifest.json, model.fqnn, device JVM logs)");
        console.println("report      " + folder.resolve("summary.md").toAbsolutePath());
        console.flush();
        return outcome.completed() ? 0 : 1;
    }
}
