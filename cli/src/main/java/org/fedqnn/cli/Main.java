package org.fedqnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.fedqnn.qnn.train.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code fedqnn} command: one launcher whose subcommands are the tools of the project. */
@Command(name = "fedqnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Federated training of quantized neural networks (Kim et al., FedLQ) on the JVM.",
        subcommands = {PrepareCommand.class, RunCommand.class, ServerCommand.class, DeviceCommand.class,
                SweepCommand.class, TrainCommand.class, DataCommand.class, CostCommand.class,
                OptimizeCommand.class, FiguresCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for {@link #main}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // --bits, --uplink-bits and --precisions become precision values here, once
        cli.registerConverter(Precision.class, Precision::parse);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("fedqnn: " + e.getMessage());
            if (System.getenv("FEDQNN_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"fedqnn " + p.getProperty("version", "unknown")};
        }
    }
}
