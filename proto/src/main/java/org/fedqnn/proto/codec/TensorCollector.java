package org.fedqnn.proto.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * A {@link ChunkSink} that fills one {@code float[]} per tensor and shows a tensor only once all
 * its chunks have arrived: a tensor cut short by a bad chunk or a truncated stream never
 * appears in {@link #completed()}. For all-or-nothing use, read it only after
 * {@link TensorAssembler#finish()} returned.
 *
 * <p>Holds the whole stream in memory (a device receiving w_t); a server aggregating updates
 * accumulates from its own sink instead. Not thread-safe.
 */
public final class TensorCollector implements ChunkSink {

    private final List<ExpectedTensor> expected;
    private final List<float[]> buffers;
    private final Map<String, float[]> completed = new LinkedHashMap<>();

    /** A collector for the tensors of {@code assemblerExpected}, in the same order. */
    public TensorCollector(List<ExpectedTensor> assemblerExpected) {
        this.expected = List.copyOf(assemblerExpected);
        this.buffers = new ArrayList<>(Collections.nCopies(expected.size(), null));
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, float[] values) {
        float[] buffer = buffers.get(tensorIndex);
        if (buffer == null) {
            buffer = new float[expected.get(tensorIndex).elementCount()];
            buffers.set(tensorIndex, buffer);
        }
        System.arraycopy(values, 0, buffer, elementOffset, values.length);
    }

    @Override
    public void tensorComplete(int tensorIndex) {
        completed.put(expected.get(tensorIndex).name(), buffers.get(tensorIndex));
        buffers.set(tensorIndex, null);
    }

    /** The tensors received in full so far, by name, in stream order; unmodifiable. */
    public Map<String, float[]> completed() {
        return Collections.unmodifiableMap(completed);
    }
}
