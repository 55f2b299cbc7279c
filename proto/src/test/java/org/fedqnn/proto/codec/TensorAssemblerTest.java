package org.fedqnn.proto.codec;

import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.fedqnn.proto.v2.Encoding;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.Rounding;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of bad chunk: each shows the message (tensor, field, expected, actual), that
 * the bad chunk never reached the sink, and that the bad tensor never completed.
 */
class TensorAssemblerTest {

    private static final int LIMIT = TensorChunker.MIN_MAX_PAYLOAD_BYTES;
    private static final TensorChunker CHUNKER = new TensorChunker(LIMIT, Rounding.STOCHASTIC);

    /** 0_W: 3 chunks of 4-bit codes (2048 + 2048 + 904 elements); 0_b: 1 float chunk. */
    private static final ExpectedTensor W = ExpectedTensor.of("0_W", WireEncoding.fixedPoint(4), 50, 100);
    private static final ExpectedTensor B = ExpectedTensor.of("0_b", WireEncoding.float32(), 10);
    private static final List<ExpectedTensor> MODEL = List.of(W, B);

    private final float[] wValues = TensorChunkerTest.randomValues(W.elementCount(), 1);
    private final float[] bValues = TensorChunkerTest.randomValues(B.elementCount(), 2);
    private final List<TensorChunk> wChunks = CHUNKER.chunks(W, wValues, 77);
    private final List<TensorChunk> bChunks = CHUNKER.chunks(B, bValues, 78);

    /** Records every delivery and collects complete tensors. */
    private final class Recorder implements ChunkSink {
        final List<String> deliveries = new ArrayList<>();
        final TensorCollector collector = new TensorCollector(MODEL);

        @Override
        public void accept(int tensorIndex, int elementOffset, float[] values) {
            deliveries.add(MODEL.get(tensorIndex).name() + "@" + elementOffset + "+" + values.length);
            collector.accept(tensorIndex, elementOffset, values);
        }

        @Override
        public void tensorComplete(int tensorIndex) {
            collector.tensorComplete(tensorIndex);
        }
    }

    private final Recorder recorder = new Recorder();
    private final TensorAssembler assembler = new TensorAssembler(MODEL, LIMIT, recorder);

    @Test
    void assemblesAModelOfTwoTensorsWithTheirOwnEncodings() {
        wChunks.forEach(assembler::accept);
        bChunks.forEach(assembler::accept);
        assembler.finish();
        assertEquals(List.of("0_W@0+2048", "0_W@2048+2048", "0_W@4096+904", "0_b@0+10"), recorder.deliveries);
        assertArrayEquals(bValues, recorder.collector.completed().get("0_b"));
        assertEquals(List.of("0_W", "0_b"), List.copyOf(recorder.collector.completed().keySet()));
        assertEquals(4, assembler.chunkCount());
        assertEquals(1024 + 1024 + 452 + 40, assembler.payloadBytes());
    }

    @Test
    void unknownName() {
        TensorChunk bad = wChunks.get(0).toBuilder().setName("9_W").build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '9_W': name must be one of [0_W, 0_b], got an unknown tensor", e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void wrongShape() {
        TensorChunk bad = wChunks.get(0).toBuilder().clearShape().addShape(100).addShape(50).build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '0_W': shape must be [50, 100], got [100, 50]", e.getMessage());
        assertEquals("shape", e.field());
        assertEquals("0_W", e.tensor());
        nothingDeliveredFor("0_W");
    }

    @Test
    void wrongDataLength() {
        TensorChunk good = wChunks.get(0);
        TensorChunk bad = good.toBuilder().setData(good.getData().substring(1)).build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '0_W': data must be 1024 bytes for 2048 elements at 4 bits, got 1023 bytes",
                e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void wrongBitWidth() {
        WireFormatException other = refuse(wChunks.get(0).toBuilder().setBits(8).build());
        assertEquals("tensor '0_W': bits must be 4, got 8", other.getMessage());
        nothingDeliveredFor("0_W");

        TensorAssembler fresh = new TensorAssembler(MODEL, LIMIT, recorder);
        WireFormatException illegal = assertThrows(WireFormatException.class,
                () -> fresh.accept(wChunks.get(0).toBuilder().setBits(33).build()));
        assertEquals("tensor '0_W': bits must be 4, got 33", illegal.getMessage(), "an illegal width is refused as any other width");

        TensorAssembler floats = new TensorAssembler(List.of(B), LIMIT, recorder);
        WireFormatException floatBits = assertThrows(WireFormatException.class,
                () -> floats.accept(bChunks.get(0).toBuilder().setBits(16).build()));
        assertEquals("tensor '0_b': bits must be 32, got 16", floatBits.getMessage());
        assertTrue(recorder.deliveries.isEmpty());
    }

    @Test
    void wrongEncoding() {
        WireFormatException e = refuse(wChunks.get(0).toBuilder().setEncoding(Encoding.ENCODING_FLOAT32).build());
        assertEquals("tensor '0_W': encoding must be ENCODING_FIXED_POINT, got 2 (ENCODING_FLOAT32)", e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void bitsChangingMidTensor() {
        assembler.accept(wChunks.get(0));
        // Elements 2048..3071 at 8 bits: a legal width and a consistent length, but not this tensor's.
        byte[] eightBits = org.fedqnn.qnn.Quantizer.stochastic(8).quantizeAndPack(wValues, 2048, 1024, 1);
        TensorChunk second = wChunks.get(1).toBuilder().setBits(8).setElementCount(1024)
                .setData(ByteString.copyFrom(eightBits)).build();
        WireFormatException e = refuse(second);
        assertEquals("tensor '0_W': bits must be the same in every chunk of the tensor, 4 (changed mid-tensor at "
                + "element 2048), got 8", e.getMessage());
        assertEquals(List.of("0_W@0+2048"), recorder.deliveries);
        nothingCompleted();
    }

    @Test
    void gap() {
        assembler.accept(wChunks.get(0));
        WireFormatException e = refuse(wChunks.get(2));
        assertEquals("tensor '0_W': element_offset must be 2048 (where the previous chunk ended), got 4096, a gap",
                e.getMessage());
        assertEquals(List.of("0_W@0+2048"), recorder.deliveries);
        nothingCompleted();
    }

    @Test
    void overlap() {
        assembler.accept(wChunks.get(0));
        assembler.accept(wChunks.get(1));
        TensorChunk bad = wChunks.get(1).toBuilder().setElementOffset(3840).build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '0_W': element_offset must be 4096 (where the previous chunk ended), got 3840, "
                + "an overlap", e.getMessage());
        assertEquals(List.of("0_W@0+2048", "0_W@2048+2048"), recorder.deliveries);
        nothingCompleted();
    }

    @Test
    void chunkRunningPastTheTensorsEnd() {
        assembler.accept(wChunks.get(0));
        assembler.accept(wChunks.get(1));
        TensorChunk good = wChunks.get(2);
        TensorChunk bad = good.toBuilder().setElementCount(1000).build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '0_W': element_count must be at most 904 (the tensor has 5000 elements), got 1000",
                e.getMessage());
        nothingCompleted();
    }

    @Test
    void emptyChunk() {
        WireFormatException e = refuse(wChunks.get(0).toBuilder().setElementCount(0).setData(ByteString.EMPTY).build());
        assertEquals("tensor '0_W': element_count must be > 0, got 0", e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void partialBlockBeforeTheTensorsLastChunk() {
        TensorChunk good = wChunks.get(0);
        TensorChunk bad = good.toBuilder().setElementCount(2000).setData(good.getData().substring(0, 1000)).build();
        WireFormatException e = refuse(bad);
        assertEquals("tensor '0_W': element_count must be a multiple of 256 in a chunk that is not the tensor's "
                + "last, got 2000", e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void setPaddingBits() {
        // 7 codes at 4 bits take 4 bytes; the high nibble of the last byte is padding.
        ExpectedTensor odd = ExpectedTensor.of("odd", WireEncoding.fixedPoint(4), 7);
        TensorChunk good = CHUNKER.chunks(odd, new float[] {0.5f, -0.25f, 0f, 0.125f, -1f, 0.875f, 0.25f}, 3).get(0);
        byte[] data = good.getData().toByteArray();
        assertEquals(4, data.length);
        data[3] |= (byte) 0xF0;
        TensorCollector collector = new TensorCollector(List.of(odd));
        TensorAssembler oddAssembler = new TensorAssembler(List.of(odd), LIMIT, collector);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> oddAssembler.accept(good.toBuilder().setData(ByteString.copyFrom(data)).build()));
        assertEquals("tensor 'odd': data of the chunk at element 0 is not legal packed codes: padding bits of the "
                + "last packed byte must be zero, got 0xf2", e.getMessage());
        assertTrue(collector.completed().isEmpty());
    }

    @Test
    void duplicateTensor() {
        wChunks.forEach(assembler::accept);
        WireFormatException e = refuse(wChunks.get(0));
        assertEquals("tensor '0_W': name must be a tensor not yet received (the stream is at '0_b'), got a duplicate",
                e.getMessage());
        assertEquals(3, recorder.deliveries.size());
        nothingDeliveredFor("0_b");
    }

    @Test
    void duplicateOfTheLastTensor() {
        wChunks.forEach(assembler::accept);
        bChunks.forEach(assembler::accept);
        WireFormatException e = refuse(bChunks.get(0));
        assertEquals("tensor '0_b': name must be a tensor not yet received (the stream is at 'its end'), got a "
                + "duplicate", e.getMessage());
    }

    @Test
    void tensorOutOfOrder() {
        assembler.accept(wChunks.get(0));
        WireFormatException e = refuse(bChunks.get(0));
        assertEquals("tensor '0_b': name must be '0_W', which has 2048 of 5000 elements, got a chunk of a later "
                + "tensor", e.getMessage());
        nothingCompleted();
    }

    @Test
    void nanInFloatData() {
        wChunks.forEach(assembler::accept);
        WireFormatException e = refuse(withFloat(bChunks.get(0), 3, Float.NaN));
        assertEquals("tensor '0_b': data must be finite float32 values, got NaN at element 3", e.getMessage());
        nothingDeliveredFor("0_b");
    }

    @Test
    void infinityInFloatData() {
        wChunks.forEach(assembler::accept);
        WireFormatException e = refuse(withFloat(bChunks.get(0), 9, Float.NEGATIVE_INFINITY));
        assertEquals("tensor '0_b': data must be finite float32 values, got -Infinity at element 9", e.getMessage());
        nothingDeliveredFor("0_b");
    }

    @Test
    void truncatedStream() {
        wChunks.subList(0, 2).forEach(assembler::accept);
        WireFormatException e = assertThrows(WireFormatException.class, assembler::finish);
        assertEquals("tensor '0_W': stream ended after 4096 of 5000 elements (2 of 2 tensors incomplete)",
                e.getMessage());
        assertEquals("stream", e.field());
        nothingCompleted();
    }

    @Test
    void streamEndingBetweenTensors() {
        wChunks.forEach(assembler::accept);
        WireFormatException e = assertThrows(WireFormatException.class, assembler::finish);
        assertEquals("tensor '0_b': stream ended after 0 of 10 elements (1 of 2 tensors incomplete)", e.getMessage());
        nothingDeliveredFor("0_b");
    }

    @Test
    void oversizedChunk() {
        // A whole 5000-element tensor in one 2500-byte chunk: consistent, but over the 1024-byte limit.
        TensorChunk big = new TensorChunker(4 * LIMIT, Rounding.STOCHASTIC).chunks(W, wValues, 1).get(0);
        assertEquals(5000, big.getElementCount());
        WireFormatException e = refuse(big);
        assertEquals("tensor '0_W': data must be at most 1024 bytes, got 2500 bytes", e.getMessage());
        nothingDeliveredFor("0_W");
    }

    @Test
    void refusesEverythingAfterAFailure() {
        refuse(wChunks.get(0).toBuilder().setName("nope").build());
        assertThrows(IllegalStateException.class, () -> assembler.accept(wChunks.get(0)));
        assertThrows(IllegalStateException.class, assembler::finish);
        assertTrue(recorder.deliveries.isEmpty());
    }

    @Test
    void refusesAChunkAfterFinish() {
        wChunks.forEach(assembler::accept);
        bChunks.forEach(assembler::accept);
        assembler.finish();
        assertThrows(IllegalStateException.class, () -> assembler.accept(bChunks.get(0)));
    }

    @Test
    void refusesDuplicateExpectedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorAssembler(List.of(W, W), LIMIT, recorder));
        assertEquals("expected tensor names must be unique, '0_W' appears at 0 and 1", e.getMessage());
    }

    private WireFormatException refuse(TensorChunk chunk) {
        int before = recorder.deliveries.size();
        WireFormatException e = assertThrows(WireFormatException.class, () -> assembler.accept(chunk));
        assertEquals(before, recorder.deliveries.size(), "the bad chunk must not reach the sink");
        return e;
    }

    private void nothingDeliveredFor(String name) {
        assertFalse(recorder.deliveries.stream().anyMatch(d -> d.startsWith(name + "@")),
                "deliveries for " + name + ": " + recorder.deliveries);
        assertFalse(recorder.collector.completed().containsKey(name));
    }

    private void nothingCompleted() {
        assertTrue(recorder.collector.completed().isEmpty(), "completed: " + recorder.collector.completed().keySet());
    }

    private static TensorChunk withFloat(TensorChunk chunk, int index, float value) {
        byte[] data = chunk.getData().toByteArray();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * index, value);
        return chunk.toBuilder().setData(ByteString.copyFrom(data)).build();
    }
}
