package org.fedqnn.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file that is not what it claims to be: a wrong magic number, a dimension or record
 * count that does not match, a file shorter or longer than its header says, a label out of
 * range. The message names the file, the field, the expected and the actual value; the same
 * facts are available as accessors for callers that want to react to them.
 *
 * <p>Readers throw this before returning anything: no partially read data set ever escapes.
 * Immutable and thread-safe.
 */
public final class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;
    private final String expected;
    private final String actual;

    /**
     * A format error in {@code file}.
     *
     * @param file the file being read
     * @param field what was wrong, e.g. {@code "magic number"} or {@code "label[17]"}
     * @param expected the value the format requires, in words or digits
     * @param actual the value found
     */
    public DataFormatException(Path file, String field, String expected, String actual) {
        super(file + ": " + field + ": expected " + expected + ", actual " + actual);
        this.file = Objects.requireNonNull(file, "file");
        this.field = Objects.requireNonNull(field, "field");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** Shorthand for numeric expected and actual values. */
    public DataFormatException(Path file, String field, long expected, long actual) {
        this(file, field, Long.toString(expected), Long.toString(actual));
    }

    /** The file that failed to parse. */
    public Path file() {
        return file;
    }

    /** The field that was wrong. */
    public String field() {
        return field;
    }

    /** What the format requires. */
    public String expected() {
        return expected;
    }

    /** What the file holds. */
    public String actual() {
        return actual;
    }
}
