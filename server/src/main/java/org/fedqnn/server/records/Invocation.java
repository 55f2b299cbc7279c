package org.fedqnn.server.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What started a run, for its manifest: the command and the value of each of its options by
 * long name (without the dashes), as given or defaulted, in the order the command declares
 * them; an option without a value is left out. {@code fedqnn run --config manifest.json} reads
 * the options back. Values are text, numbers, booleans or lists of text. Immutable.
 *
 * @param command e.g. "fedqnn run"; empty when a program started the base station
 * @param options option name to value
 */
public record Invocation(String command, Map<String, Object> options) {

    /** A base station started by a program, not a command. */
    public static final Invocation NONE = new Invocation("", Map.of());

    public Invocation {
        Objects.requireNonNull(command, "Invocation.command");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
