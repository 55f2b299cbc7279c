package org.fedqnn.server.records;

import java.util.Locale;

/**
 * Text from outside (device names, refusal reasons, paths given on the command line) made safe
 * for a file: C0 and C1 control characters, DEL, the bidirectional controls and the line and
 * paragraph separators never reach a file raw; each is written as <code>&#92;uXXXX</code>. JSON files
 * get this from {@link RecordFormats}' escapes (losslessly, read back as the original); CSV
 * cells and Markdown get it here. Stateless and thread-safe.
 */
public final class Text {

    private Text() {
    }

    /** True for a character that must not reach a file raw. */
    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** {@code c} as the escape <code>&#92;uXXXX</code>. */
    static String escape(int c) {
        return String.format(Locale.ROOT, "\\u%04X", c);
    }

    /** {@code s} with every control character (see the class) written as <code>&#92;uXXXX</code>. */
    public static String escapeControls(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(escape(c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * A CSV text cell: controls escaped, and a leading {@code = + - @} guarded with an
     * apostrophe so that a spreadsheet shows it as text rather than running it as a formula.
     * The CSV library quotes what needs quoting.
     */
    static String tableCell(String s) {
        String escaped = escapeControls(s);
        if (!escaped.isEmpty() && "=+-@".indexOf(escaped.charAt(0)) >= 0) {
            return "'" + escaped;
        }
        return escaped;
    }

    /**
     * Text for a Markdown line or table cell: controls escaped, and the characters Markdown
     * would read as markup ({@code \ ` * _ [ ] < > |}) escaped with a backslash.
     */
    public static String markdown(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_[]<>|".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return escapeControls(sb.toString());
    }
}
