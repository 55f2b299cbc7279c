package org.fedqnn.proto.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;

import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;

/**
 * The receiving side of a tensor stream (docs/wire-format.md, "Chunks"): takes the chunks of
 * the expected tensors in order, checks every field of every chunk before a value is used, and
 * hands each decoded chunk to a {@link ChunkSink}.
 *
 * <p>Checks, each failing with a {@link WireFormatException} that names the tensor, the field,
 * the expected and the actual value: a payload within the limit; a known tensor, in the
 * expected order and not sent twice; the shape exactly as expected; the expected encoding;
 * bits legal for the encoding, the same in every chunk of the tensor and as expected;
 * {@code element_count > 0}; {@code element_offset} where the previous chunk ended (no gap,
 * no overlap) and no element past the tensor's end; a fixed-point chunk other than the
 * tensor's last holding whole blocks; data of exactly {@code packedBytes(count, bits)} bytes
 * with zero padding bits; float32 values finite. {@link #finish()} refuses a stream that ended
 * before every tensor was complete.
 *
 * <p>After the first failure the assembler is spent: every later call throws
 * {@link IllegalStateException}. Not thread-safe: one assembler serves one stream, fed from
 * one thread at a time (as gRPC calls a stream observer).
 */
public final class TensorAssembler {

    private final List<ExpectedTensor> expected;
    private final Map<String, Integer> indexByName;
    private final int maxPayloadBytes;
    private final ChunkSink sink;

    private int current;
    private int nextOffset;
    private long chunks;
    private long payloadBytes;
    private boolean failed;
    private boolean finished;

    /**
     * @param expected        the tensors of the stream, in the order they must arrive; names unique
     * @param maxPayloadBytes the most data bytes one chunk may carry (see {@link TensorChunker})
     * @param sink            receives every decoded chunk
     */
    public TensorAssembler(List<ExpectedTensor> expected, int maxPayloadBytes, ChunkSink sink) {
        this.expected = List.copyOf(expected);
        if (this.expected.isEmpty()) {
            throw new IllegalArgumentException("expected tensors must not be empty");
        }
        this.indexByName = new HashMap<>();
        for (int i = 0; i < this.expected.size(); i++) {
            Integer previous = indexByName.put(this.expected.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("expected tensor names must be unique, '"
                        + this.expected.get(i).name() + "' appears at " + previous + " and " + i);
            }
        }
        this.maxPayloadBytes = TensorChunker.checkPayloadLimit(maxPayloadBytes);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The tensors this assembler expects, in order. */
    public List<ExpectedTensor> expected() {
        return expected;
    }

    /** Chunks accepted so far. */
    public long chunkCount() {
        return chunks;
    }

    /** Data bytes of the chunks accepted so far. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** True when every expected tensor has been received in full. */
    public boolean isComplete() {
        return current == expected.size();
    }

    /**
     * Checks one chunk, decodes it and hands it to the sink.
     *
     * @throws WireFormatException when the chunk breaks the wire format; nothing of it reached
     *     the sink
     */
    public void accept(TensorChunk chunk) {
        checkUsable();
        try {
            float[] values = check(chunk);
            int index = current;
            int offset = nextOffset;
            chunks++;
            payloadBytes += chunk.getData().size();
            nextOffset += values.length;
            if (nextOffset == expected.get(index).elementCount()) {
                current++;
                nextOffset = 0;
            }
            sink.accept(index, offset, values);
            if (current != index) {
                sink.tensorComplete(index);
            }
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Ends the stream.
     *
     * @throws WireFormatException when a tensor is missing or incomplete (a truncated stream)
     */
    public void finish() {
        checkUsable();
        finished = true;
        if (!isComplete()) {
            failed = true;
            ExpectedTensor t = expected.get(current);
            throw new WireFormatException(t.name(), "stream", "tensor '" + t.name()
                    + "': stream ended after " + nextOffset + " of " + t.elementCount() + " elements ("
                    + (expected.size() - current) + " of " + expected.size() + " tensors incomplete)", null);
        }
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("this tensor stream already failed; it accepts nothing more");
        }
        if (finished) {
            throw new IllegalStateException("this tensor stream is finished; it accepts nothing more");
        }
    }

    private float[] check(TensorChunk chunk) {
        String name = chunk.getName();
        int dataBytes = chunk.getData().size();
        if (dataBytes > maxPayloadBytes) {
            throw new WireFormatException(name, "data", "at most " + maxPayloadBytes + " bytes", dataBytes + " bytes");
        }
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new WireFormatException(name, "name", "one of " + indexByName.keySet().stream().sorted().toList(),
                    "an unknown tensor");
        }
        if (index < current) {
            throw new WireFormatException(name, "name", "a tensor not yet received (the stream is at '"
                    + (isComplete() ? "its end" : expected.get(current).name()) + "')", "a duplicate");
        }
        if (index > current) {
            ExpectedTensor open = expected.get(current);
            throw new WireFormatException(name, "name", "'" + open.name() + "', which has " + nextOffset + " of "
                    + open.elementCount() + " elements", "a chunk of a later tensor");
        }
        ExpectedTensor tensor = expected.get(index);
        if (!chunk.getShapeList().equals(tensor.shape())) {
            throw new WireFormatException(name, "shape", tensor.shape(), chunk.getShapeList());
        }
        WireEncoding encoding = tensor.encoding();
        if (chunk.getEncoding() != TensorSpecs.toProto(encoding)) {
            throw new WireFormatException(name, "encoding", TensorSpecs.toProto(encoding), chunk.getEncodingValue()
                    + " (" + chunk.getEncoding() + ")");
        }
        int bits = chunk.getBits(); // the expectation's width is legal by construction: equal is legal
        if (bits != encoding.bits()) {
            String what = nextOffset > 0 ? "the same in every chunk of the tensor, " + encoding.bits()
                    + " (changed mid-tensor at element " + nextOffset + ")" : String.valueOf(encoding.bits());
            throw new WireFormatException(name, "bits", what, bits);
        }
        int count = chunk.getElementCount();
        if (count <= 0) {
            throw new WireFormatException(name, "element_count", "> 0", count);
        }
        long offset = chunk.getElementOffset();
        if (offset != nextOffset) {
            String kind = offset > nextOffset ? "a gap" : "an overlap";
            throw new WireFormatException(name, "element_offset", nextOffset + " (where the previous chunk ended)",
                    offset + ", " + kind);
        }
        long end = offset + count;
        int total = tensor.elementCount();
        if (end > total) {
            throw new WireFormatException(name, "element_count", "at most " + (total - offset)
                    + " (the tensor has " + total + " elements)", count);
        }
        if (encoding.isFixedPoint() && end < total && count % BitPacker.BLOCK_ELEMENTS != 0) {
            throw new WireFormatException(name, "element_count", "a multiple of " + BitPacker.BLOCK_ELEMENTS
                    + " in a chunk that is not the tensor's last", count);
        }
        long expectedBytes = BitPacker.packedBytes(count, bits);
        if (dataBytes != expectedBytes) {
            throw new WireFormatException(name, "data", expectedBytes + " bytes for " + count + " elements at "
                    + bits + " bits", dataBytes + " bytes");
        }
        return encoding.isFixedPoint() ? decodeFixedPoint(chunk, name, count, bits) : decodeFloats(chunk, name, count);
    }

    private float[] decodeFixedPoint(TensorChunk chunk, String name, int count, int bits) {
        float[] values = new float[count];
        try {
            new Quantizer(FixedPointFormat.of(bits), Rounding.NEAREST)
                    .unpackAndDequantize(chunk.getData().toByteArray(), values);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(name, "data", "tensor '" + name + "': data of the chunk at element "
                    + chunk.getElementOffset() + " is not legal packed codes: " + e.getMessage(), e);
        }
        return values;
    }

    private float[] decodeFloats(TensorChunk chunk, String name, int count) {
        float[] values = new float[count];
        ByteBuffer buf = chunk.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().get(values);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(values[i])) {
                throw new WireFormatException(name, "data", "finite float32 values",
                        values[i] + " at element " + (chunk.getElementOffset() + i));
            }
        }
        return values;
    }
}
