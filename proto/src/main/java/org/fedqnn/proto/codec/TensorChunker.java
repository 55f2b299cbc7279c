package org.fedqnn.proto.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;

import com.google.protobuf.UnsafeByteOperations;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;

/**
 * Cuts a named float tensor into {@link TensorChunk} messages (docs/wire-format.md, "Chunks"):
 * float32 little-endian, or quantized with eq. (4) and packed n bits per element.
 *
 * <p>Every chunk but a tensor's last holds {@link #elementsPerChunk(WireEncoding)} elements, a
 * multiple of {@link BitPacker#BLOCK_ELEMENTS}, whose packed bytes fill at most the payload
 * limit; each chunk is packed on its own, so its data is exactly
 * {@code BitPacker.packedBytes(count, bits)} bytes. Chunk c of a tensor is quantized with the key
 * {@code StreamKey.child(key, c)}: the codes depend on the values, the bits, the caller's key
 * and the payload limit (which fixes where chunks start), never on threads.
 *
 * <p>Immutable and thread-safe.
 */
public final class TensorChunker {

    /** The default payload limit, 1 MiB: a chunk message stays far under gRPC's 4 MiB default. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    /** The smallest payload limit: one full block at 32 bits. */
    public static final int MIN_MAX_PAYLOAD_BYTES = BitPacker.BLOCK_ELEMENTS * 32 / 8;
    /** The largest payload limit, 3 MiB: leaves 1 MiB of gRPC's 4 MiB default for framing. */
    public static final int MAX_MAX_PAYLOAD_BYTES = 3 << 20;

    private final int maxPayloadBytes;
    private final Rounding rounding;

    /**
     * @param maxPayloadBytes the most data bytes one chunk carries, in
     *                        {@value #MIN_MAX_PAYLOAD_BYTES}..{@value #MAX_MAX_PAYLOAD_BYTES}
     * @param rounding        how fixed-point values are rounded (the paper's is stochastic)
     */
    public TensorChunker(int maxPayloadBytes, Rounding rounding) {
        this.maxPayloadBytes = checkPayloadLimit(maxPayloadBytes);
        this.rounding = Objects.requireNonNull(rounding, "rounding");
    }

    /** Stochastic rounding and the default 1 MiB payload limit. */
    public TensorChunker() {
        this(DEFAULT_MAX_PAYLOAD_BYTES, Rounding.STOCHASTIC);
    }

    /** Refuses a payload limit outside {@value #MIN_MAX_PAYLOAD_BYTES}..{@value #MAX_MAX_PAYLOAD_BYTES}. */
    static int checkPayloadLimit(int maxPayloadBytes) {
        if (maxPayloadBytes < MIN_MAX_PAYLOAD_BYTES || maxPayloadBytes > MAX_MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxPayloadBytes must be in " + MIN_MAX_PAYLOAD_BYTES + ".."
                    + MAX_MAX_PAYLOAD_BYTES + ", got " + maxPayloadBytes);
        }
        return maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Elements in every chunk but a tensor's last: the most whole blocks that fit the limit. */
    public int elementsPerChunk(WireEncoding encoding) {
        int bytesPerBlock = BitPacker.BLOCK_ELEMENTS * encoding.bits() / 8;
        return maxPayloadBytes / bytesPerBlock * BitPacker.BLOCK_ELEMENTS;
    }

    /** Chunks the tensor will take: ceil(elements / elementsPerChunk). */
    public int chunkCount(ExpectedTensor tensor) {
        int per = elementsPerChunk(tensor.encoding());
        return (tensor.elementCount() + per - 1) / per;
    }

    /**
     * Encodes {@code values} as {@code tensor}'s chunks and hands them to {@code out} in order.
     *
     * @param key the stream key of this tensor's quantization draws (e.g. from
     *            {@code StreamKey.derive(seed, DELTA_QUANTIZATION, round, device, layer)});
     *            unused for float32
     * @return the number of chunks written
     * @throws IllegalArgumentException when {@code values} does not hold exactly the tensor's
     *     elements, or holds NaN (or, for float32, an infinity)
     */
    public int write(ExpectedTensor tensor, float[] values, long key, Consumer<TensorChunk> out) {
        int total = tensor.elementCount();
        if (values.length != total) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' of shape " + tensor.shape()
                    + " needs " + total + " values, got " + values.length);
        }
        WireEncoding encoding = tensor.encoding();
        if (!encoding.isFixedPoint()) {
            checkFinite(tensor.name(), values);
        }
        Quantizer quantizer = encoding.isFixedPoint()
                ? new Quantizer(FixedPointFormat.of(encoding.bits()), rounding) : null;
        int per = elementsPerChunk(encoding);
        TensorChunk.Builder template = TensorChunk.newBuilder().setName(tensor.name())
                .addAllShape(tensor.shape()).setEncoding(TensorSpecs.toProto(encoding)).setBits(encoding.bits());
        int chunks = 0;
        for (int offset = 0; offset < total; offset += per) {
            int count = Math.min(per, total - offset);
            byte[] data = quantizer != null
                    ? quantizer.quantizeAndPack(values, offset, count, StreamKey.child(key, chunks))
                    : littleEndianFloats(values, offset, count);
            out.accept(template.clone().setElementOffset(offset).setElementCount(count)
                    .setData(UnsafeByteOperations.unsafeWrap(data)).build());
            chunks++;
        }
        return chunks;
    }

    /** {@link #write} into a list. */
    public List<TensorChunk> chunks(ExpectedTensor tensor, float[] values, long key) {
        List<TensorChunk> list = new ArrayList<>(chunkCount(tensor));
        write(tensor, values, key, list::add);
        return list;
    }

    private static void checkFinite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("tensor '" + name + "': float32 value at element " + i
                        + " must be finite, got " + values[i]);
            }
        }
    }

    private static byte[] littleEndianFloats(float[] values, int offset, int count) {
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values, offset, count);
        return buf.array();
    }
}
