package org.fedqnn.proto.codec;

/**
 * Receives the values of a tensor stream from a {@link TensorAssembler}, one decoded chunk at a
 * time, so a server can accumulate an update in O(d) memory while it streams in.
 *
 * <p>A chunk reaches the sink only after it passed every check. A failure later in the same
 * tensor or stream does not take back chunks already delivered: a sink that must change
 * nothing on a bad stream stages what it receives and commits only after
 * {@link TensorAssembler#finish()} returned (as {@link TensorCollector} does).
 *
 * <p>Called from the thread that feeds the assembler, never concurrently.
 */
public interface ChunkSink {

    /**
     * One decoded chunk.
     *
     * @param tensorIndex   index of the tensor in the assembler's expected list
     * @param elementOffset index (C order) of {@code values[0]} within the tensor
     * @param values        the chunk's values, finite; the sink may keep the array
     */
    void accept(int tensorIndex, int elementOffset, float[] values);

    /** Every element of the tensor has been delivered. */
    default void tensorComplete(int tensorIndex) {
    }
}
