package org.fedqnn.proto.codec;

/**
 * A tensor chunk, or a stream of them, that breaks the wire format of docs/wire-format.md:
 * an unknown tensor, a wrong shape, encoding or bit width, a gap or overlap, a wrong data
 * length, a non-finite float, a duplicate, an oversized or a truncated stream. The message
 * names the tensor, the field, the expected and the actual value; a gRPC service turns it
 * into an {@code INVALID_ARGUMENT} status with that description.
 *
 * <p>Unchecked, since it is thrown from inside stream observers. Immutable.
 */
public final class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String tensor;
    private final String field;

    /**
     * @param tensor   the tensor's name as received (may be empty, never null)
     * @param field    the offending field, e.g. {@code "shape"} or {@code "element_offset"}
     * @param expected what the field should have been, in words or as a value
     * @param actual   what it was
     */
    public WireFormatException(String tensor, String field, Object expected, Object actual) {
        this(tensor, field, "tensor '" + tensor + "': " + field + " must be " + expected + ", got " + actual, null);
    }

    WireFormatException(String tensor, String field, String message, Throwable cause) {
        super(message, cause);
        this.tensor = tensor;
        this.field = field;
    }

    /** The tensor the offending chunk named. */
    public String tensor() {
        return tensor;
    }

    /** The offending field of the chunk (or {@code "stream"} for a stream-level failure). */
    public String field() {
        return field;
    }
}
