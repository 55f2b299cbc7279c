package org.fedqnn.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * A command's options from a file: an object {@code options} of option long names (without the
 * dashes) to values, as a run's manifest records them ({@link RunOptions}). It serves picocli
 * as the default value of every option it names, so an option given on
 * the command line wins and one given nowhere keeps its own default; values are converted by
 * picocli exactly as on the command line. A name that is not an option of the command is
 * refused, as is {@code --config}, {@code --out} or {@code --help}. Immutable.
 */
final class ConfigFile implements IDefaultValueProvider {

    /** Options a file cannot give: where the output goes, the file itself, help and version. */
    private static final Set<String> NOT_FROM_FILES = Set.of(ConfigOption.NAME, "--out", "--help", "--version");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, String> values;

    private ConfigFile(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The options {@code file} gives {@code command}, by long name.
     *
     * @throws CommandLine.ParameterException naming the file and the fault when it cannot be read,
     *         is not an object with an object {@code options}, or names an option the command lacks
     */
    static ConfigFile read(Path file, CommandLine command) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? JSON
                : name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : null;
        if (mapper == null) {
            throw refused(command, file, "must end in .yaml, .yml or .json");
        }
        JsonNode options;
        try {
            options = mapper.readTree(file.toFile()).path("options");
        } catch (IOException e) {
            throw refused(command, file, "cannot be read: " + e.getMessage());
        }
        if (!options.isObject()) {
            throw refused(command, file, "has no object 'options' (option names without the dashes, and their "
                    + "values, e.g. options: {bits: 4, devices: 50})");
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            OptionSpec option = command.getCommandSpec().findOption("--" + e.getKey());
            if (option == null || !option.longestName().equals("--" + e.getKey())
                    || NOT_FROM_FILES.contains(option.longestName())) {
                throw refused(command, file, "names '" + e.getKey() + "', which is not an option "
                        + command.getCommandName() + " takes from a file");
            }
            if (!e.getValue().isNull()) {
                values.put(option.longestName(), text(e.getValue(), option, command, file));
            }
        }
        return new ConfigFile(Map.copyOf(values));
    }

    /** A value as picocli reads it on the command line; a list joined with the option's split. */
    private static String text(JsonNode value, OptionSpec option, CommandLine command, Path file) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray() && !option.splitRegex().isEmpty()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw refused(command, file, "gives " + option.longestName() + " a list holding " + item);
                }
                items.add(item.asText());
            }
            return String.join(option.splitRegex(), items);
        }
        throw refused(command, file, "gives " + option.longestName() + " " + value + ", not a value");
    }

    private static CommandLine.ParameterException refused(CommandLine command, Path file, String why) {
        return new CommandLine.ParameterException(command, ConfigOption.NAME + " " + file + " " + why);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? values.get(option.longestName()) : null;
    }
}
