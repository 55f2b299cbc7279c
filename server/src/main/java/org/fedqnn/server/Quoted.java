package org.fedqnn.server;

import java.util.Locale;

/**
 * Text that came from outside, made safe to put in a refusal: {@link #of} quotes at most
 * {@value #MAX_QUOTED} characters of it with every character outside printable ASCII, and the
 * backslash, written as an escape (<code>&#92;uXXXX</code>, <code>&#92;&#92;</code>), so no
 * control, C1 or bidirectional character reaches a device's terminal or log raw.
 * {@link #description} bounds a whole status description to {@value #MAX_DESCRIPTION} printable
 * ASCII characters, which gRPC's percent-encoding grows to at most three times that: far below
 * the 8 KiB of headers a client accepts, so a refusal always arrives as itself and never as
 * INTERNAL. Stateless and thread-safe.
 */
public final class Quoted {

    /** The most characters of one piece of outside text a refusal quotes. */
    public static final int MAX_QUOTED = 200;
    /** The longest status description the base station sends. */
    public static final int MAX_DESCRIPTION = 1024;

    private Quoted() {
    }

    /**
     * {@code text} in single quotes, escaped, cut to its first {@value #MAX_QUOTED} characters
     * (then followed by the length it had); {@code null} as the word null.
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        int shown = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x20 || c > 0x7E) {
                sb.append(escape(c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (shown < text.length()) {
            sb.append("... (").append(text.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * A status description of {@code message}: every character outside printable ASCII escaped,
     * at most {@value #MAX_DESCRIPTION} characters (a longer one is cut and says so).
     */
    public static String description(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_DESCRIPTION) + 8);
        for (int i = 0; i < message.length() && sb.length() <= MAX_DESCRIPTION; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                sb.append(escape(c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() <= MAX_DESCRIPTION) {
            return sb.toString();
        }
        String cut = "... (cut)";
        sb.setLength(MAX_DESCRIPTION - cut.length());
        return sb.append(cut).toString();
    }

    private static String escape(char c) {
        return String.format(Locale.ROOT, "\\u%04X", (int) c);
    }
}
