package org.fedqnn.proto.convert;

/**
 * A message field that breaks the contract of {@code fedqnn.v2}: its text names the message
 * field, what it must be and what it was. A gRPC service turns it into an
 * {@code INVALID_ARGUMENT} status with that description. Unchecked; immutable.
 */
public final class MalformedMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field    the offending field, with its message, e.g. {@code "TaskHeader.batch_size"}
     * @param expected what the field must be, in words or as a value
     * @param actual   what it was
     */
    public MalformedMessageException(String field, Object expected, Object actual) {
        super(field + " must be " + expected + ", got " + actual);
        this.field = field;
    }

    /** The offending field. */
    public String field() {
        return field;
    }
}
