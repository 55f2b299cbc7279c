package org.fedqnn.cli;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fedqnn.qnn.train.Precision;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of a federated run as its manifest records them: option long names without the
 * dashes to values, in the order the command declares them, which {@link ConfigFile} reads
 * back. Stateless.
 */
final class RunOptions {

    private RunOptions() {
    }

    /**
     * The options a federated run shares with {@code fedqnn run} (the data, model, federation and
     * device JVM options) with their values now, by long name without the dashes, in the order
     * the command declares them; an option without a value is left out. For the manifest, so
     * that {@code fedqnn run --config manifest.json} repeats the run.
     */
    /** The long names (with the dashes) of the options {@link #of} records for {@code command}. */
    static Set<String> recordedNames(CommandSpec command) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof FederationOptions || mixin.userObject() instanceof DeviceJvmOptions) {
                for (OptionSpec option : mixin.options()) {
                    names.add(option.longestName());
                }
            }
        }
        return names;
    }

    static Map<String, Object> of(CommandSpec command) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof FederationOptions || mixin.userObject() instanceof DeviceJvmOptions) {
                for (OptionSpec option : mixin.options()) {
                    Object value = option.getValue();
                    if (value != null) {
                        values.put(option.longestName().substring(2), recorded(option, value));
                    }
                }
            }
        }
        return values;
    }

    /**
     * A value as the file keeps it: numbers and booleans as such, words, paths and precisions as
     * the text their option reads, lists as lists of text.
     */
    private static Object recorded(OptionSpec option, Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Path p) {
            return p.toString();
        }
        if (value instanceof Precision p) {
            return p.label();
        }
        if (value instanceof Collection<?> list && !option.splitRegex().isEmpty()) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalStateException(option.longestName() + " has a value of type "
                + value.getClass().getName() + " that a config file cannot hold");
    }
}
