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
 * @param command   e.g. "fedqnn run"; empty when a program started the base station
 * @param options   option name to value
 * @param transport how the base station's listener is secured (ServerSecurity#describe), e.g.
 *                  "plaintext on loopback 127.0.0.1"; empty when not recorded
 */
public record Invocation(String command, Map<String, Object> options, String transport) {

    /** A base station started by a program, not a command. */
    public static final Invocation NONE = new Invocation("", Map.of());

    public Invocation {
        Objects.requireNonNull(command, "Invocation.command");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        Objects.requireNonNull(transport, "Invocation.transport");
    }

    /** An invocation whose transport is not recorded yet. */
    public Invocation(String command, Map<String, Object> options) {
        this(command, options, "");
    }

    /** This invocation on a listener secured as {@code transport} says. */
    public Invocation withTransport(String transport) {
        return new Invocation(command, options, transport);
    }
}
