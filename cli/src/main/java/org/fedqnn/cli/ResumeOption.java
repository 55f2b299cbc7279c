package org.fedqnn.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedqnn.server.checkpoint.CheckpointFile;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --resume RUN_DIR} of {@code fedqnn server} and {@code fedqnn run}: continue the run of
 * RUN_DIR from its checkpoint, with the settings of its {@code manifest.json}. An option the
 * manifest records (data, model, federation, device JVMs), {@code --config} or {@code --out}
 * given with it is refused; where to listen and how (host, port, TLS) may be given again. A folder
 * without any checkpoint (its run was stopped before its devices had registered) is refused,
 * saying how to start the run again, and so is a resume over another transport than the
 * manifest records (mutual TLS without TLS options: hand-started devices could not reconnect,
 * and the run would go on in plaintext; plaintext with them).
 */
final class ResumeOption {

    static final String NAME = "--resume";

    /** The options that ask for mutual TLS ({@link TlsOptions}). */
    private static final java.util.List<String> TLS_OPTIONS = java.util.List.of("--tls-dir", "--tls-cert",
            "--tls-key", "--tls-ca");

    @Option(names = NAME, paramLabel = "RUN_DIR", description = "Continue the run of RUN_DIR from its checkpoint "
            + "(checkpoint.fqck, else checkpoint.prev.fqck) with the settings of its manifest.json; devices register "
            + "again by themselves. Options the manifest records cannot be given with it.")
    Path dir;

    /**
     * {@code parsed} again with the options of RUN_DIR's manifest as defaults, after checking that
     * no option the manifest records was given and that the manifest is of this command.
     *
     * @throws CommandLine.ParameterException naming the option or the file at fault, or when the run
     *                                        never reached its first checkpoint
     */
    static CommandLine.ParseResult withManifest(CommandLine.ParseResult parsed, CommandLine.ParseResult sub,
                                                CommandLine again) {
        CommandLine command = sub.commandSpec().commandLine();
        Path dir = sub.matchedOptionValue(NAME, (Path) null);
        java.util.Set<String> fromManifest = RunOptions.recordedNames(sub.commandSpec());
        fromManifest.add(ConfigOption.NAME);
        fromManifest.add("--out");
        for (OptionSpec o : sub.matchedOptions()) {
            if (fromManifest.contains(o.longestName())) {
                throw new CommandLine.ParameterException(command, NAME + " takes the run's settings from "
                        + dir.resolve("manifest.json") + "; " + o.longestName() + " cannot be given with it");
            }
        }
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new CommandLine.ParameterException(command, NAME + " " + dir + ": no manifest.json there (not a "
                    + "run folder)");
        }
        String made;
        String transport;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JsonMapper.builder().build().readTree(manifest.toFile());
            made = tree.path("command").asText();
            transport = tree.path("transport").asText();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(command, manifest + " cannot be read: " + e.getMessage());
        }
        String mine = "fedqnn " + sub.commandSpec().name();
        if (!mine.equals(made)) {
            throw new CommandLine.ParameterException(command, dir + " is a run of '" + made + "', not of '" + mine
                    + "': resume it with " + (made.isEmpty() ? "the program that started it" : made + " " + NAME));
        }
        if (!Files.exists(dir.resolve(CheckpointFile.LATEST)) && !Files.exists(dir.resolve(CheckpointFile.PREVIOUS))) {
            throw new CommandLine.ParameterException(command, NAME + " " + dir + ": the run never started, there is no "
                    + "checkpoint to resume from (no " + CheckpointFile.LATEST + " or " + CheckpointFile.PREVIOUS
                    + "; the first is written once the run's N devices have registered and w_0 is evaluated, and "
                    + "its base station was stopped before). Start it again from the beginning with its settings: " + mine + " --config "
                    + manifest + " --out " + dir
                    + " (the manifest does not record where to listen or TLS: give those again)");
        }
        boolean tls = TLS_OPTIONS.stream().anyMatch(sub::hasMatchedOption);
        if (transport.startsWith("mutual TLS") && !tls) {
            throw new CommandLine.ParameterException(command, dir + " ran over " + transport + "; resume it over "
                    + "mutual TLS again: give its --tls-dir (or --tls-cert, --tls-key and --tls-ca) with " + NAME);
        }
        if (transport.startsWith("plaintext") && tls) {
            throw new CommandLine.ParameterException(command, dir + " ran in " + transport + "; its devices "
                    + "connect in plaintext: resume it without TLS options");
        }
        again.setOut(parsed.commandSpec().commandLine().getOut());
        again.setErr(parsed.commandSpec().commandLine().getErr());
        CommandLine target = again.getSubcommands().get(sub.commandSpec().name());
        target.setDefaultValueProvider(ConfigFile.read(manifest, target));
        return again.parseArgs(parsed.originalArgs().toArray(new String[0]));
    }
}
