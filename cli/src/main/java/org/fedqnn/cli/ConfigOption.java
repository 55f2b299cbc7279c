package org.fedqnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the options of a command from a YAML or JSON file, for those not given
 * on the command line ({@link ConfigFile}; {@link Main} reads the file before the command runs).
 */
final class ConfigOption {

    static final String NAME = "--config";

    @Option(names = NAME, paramLabel = "FILE", description = "Take the options not given on the command line from "
            + "FILE (.yaml, .yml or .json): an object 'options' of option names without the dashes and their values, "
            + "as in a run's manifest.json, which repeats that run.")
    Path file;
}
