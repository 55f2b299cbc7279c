package org.fedqnn.proto.convert;

import java.util.Locale;

/**
 * The rule for {@code RegisterRequest.device_name}, shared by the device (which checks its
 * {@code --name} before it connects) and the base station (which refuses any other name with
 * INVALID_ARGUMENT): 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -},
 * the first a letter or a digit. Such a name is safe raw in a file name, a CSV cell, a
 * terminal and a log line: no control, bidirectional or formula character, no path separator,
 * no space. A problem is described without echoing the name, so the description stays short
 * and holds nothing a terminal could act on. Stateless and thread-safe.
 */
public final class DeviceName {

    /** The longest name accepted. */
    public static final int MAX_LENGTH = 64;

    /** The rule in words, for error messages and help texts. */
    public static final String RULE = "1.." + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -, the first a letter or "
            + "a digit";

    private DeviceName() {
    }

    /** What is wrong with {@code name} ("got ..."), or null when it follows the rule. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "got an empty name";
        }
        if (name.length() > MAX_LENGTH) {
            return "got " + name.length() + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (i == 0 && !alnum) {
                return "got " + describe(c) + " first";
            }
            if (!alnum && c != '.' && c != '_' && c != '-') {
                return "got " + describe(c) + " at position " + (i + 1);
            }
        }
        return null;
    }

    /**
     * Checks {@code name} against the rule.
     *
     * @param field the field or option the name came from, e.g. {@code "RegisterRequest.device_name"}
     * @throws MalformedMessageException naming {@code field}, the rule and what was wrong
     */
    public static void check(String field, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new MalformedMessageException(field, RULE, problem.substring("got ".length()));
        }
    }

    /** A character as text that is always safe to show: U+XXXX, with the character itself when printable ASCII. */
    private static String describe(char c) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) c);
        return c > 0x20 && c < 0x7F ? code + " '" + c + "'" : code;
    }
}
