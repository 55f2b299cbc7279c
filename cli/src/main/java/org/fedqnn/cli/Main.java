package org.fedqnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.fedqnn.qnn.train.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code fedqnn} command: one launcher whose subcommands are the tools of the project. */
@Command(name = "fedqnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Federated training of quantized neural networks (Kim et al., FedLQ) on the JVM.",
        subcommands = {PrepareCommand.class, RunCommand.class, ServerCommand.class, DeviceCommand.class, CertsCommand.class,
                SweepCommand.class, CompareCommand.class, TrainCommand.class, DataCommand.class, CostCommand.class,
                OptimizeCommand.class, FiguresCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, for tests and for {@link #main}. A command given
     * {@code --config FILE} runs with FILE's options for those not on the command line
     * ({@link #withConfig}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = configured();
        cli.setExecutionStrategy(parsed -> new CommandLine.RunLast().execute(withConfig(parsed)));
        return cli;
    }

    /**
     * {@code parsed} again with the options of its {@code --config} file, when the subcommand was
     * given one, as the default value of each option the file names: picocli parses the same
     * arguments a second time, so that the command line wins and values are converted as there.
     * Without {@code --config}, {@code parsed} itself.
     */
    static CommandLine.ParseResult withConfig(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub != null && sub.hasMatchedOption(ResumeOption.NAME)) {
            return ResumeOption.withManifest(parsed, sub, configured());
        }
        if (sub == null || !sub.hasMatchedOption(ConfigOption.NAME)) {
            return parsed;
        }
        CommandLine first = parsed.commandSpec().commandLine();
        CommandLine again = configured();
        again.setOut(first.getOut());
        again.setErr(first.getErr());
        CommandLine command = again.getSubcommands().get(sub.commandSpec().name());
        command.setDefaultValueProvider(ConfigFile.read(sub.matchedOptionValue(ConfigOption.NAME, (Path) null),
                command));
        return again.parseArgs(parsed.originalArgs().toArray(new String[0]));
    }

    private static CommandLine configured() {
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
