package org.fedqnn.proto.codec;

import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TensorChunkerTest {

    /** The smallest payload limit, so that chunk edges come at small sizes. */
    private static final int LIMIT = TensorChunker.MIN_MAX_PAYLOAD_BYTES;
    private static final TensorChunker CHUNKER = new TensorChunker(LIMIT, Rounding.STOCHASTIC);
    private static final long KEY = StreamKey.derive(42, StreamKey.Purpose.DELTA_QUANTIZATION, 3, 7, 0);

    static Stream<Arguments> encodingsAndSizes() {
        List<WireEncoding> encodings = List.of(WireEncoding.float32(), WireEncoding.fixedPoint(1),
                WireEncoding.fixedPoint(4), WireEncoding.fixedPoint(8), WireEncoding.fixedPoint(16),
                WireEncoding.fixedPoint(32));
        List<Arguments> cases = new ArrayList<>();
        for (WireEncoding e : encodings) {
            int per = CHUNKER.elementsPerChunk(e);
            int block = BitPacker.BLOCK_ELEMENTS;
            IntStream.of(1, 7, block - 1, block, block + 1, per - 1, per, per + 1, 2 * per - 1, 2 * per,
                            2 * per + block + 3, 3 * per + 77)
                    .filter(n -> n > 0).distinct().forEach(n -> cases.add(Arguments.of(e, n)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} elements")
    @MethodSource("encodingsAndSizes")
    void roundTripsAtChunkAndBlockEdges(WireEncoding encoding, int size) {
        ExpectedTensor tensor = ExpectedTensor.of("0_W", encoding, size);
        float[] values = randomValues(size, 1000L + size);
        List<TensorChunk> chunks = CHUNKER.chunks(tensor, values, KEY);

        int per = CHUNKER.elementsPerChunk(encoding);
        assertEquals((size + per - 1) / per, chunks.size(), "chunk count");
        long offset = 0;
        for (int c = 0; c < chunks.size(); c++) {
            TensorChunk chunk = chunks.get(c);
            assertEquals(offset, chunk.getElementOffset(), "offset of chunk " + c);
            boolean last = c == chunks.size() - 1;
            if (!last) {
                assertEquals(0, chunk.getElementCount() % BitPacker.BLOCK_ELEMENTS, "whole blocks in chunk " + c);
            }
            assertEquals(BitPacker.packedBytes(chunk.getElementCount(), encoding.bits()), chunk.getData().size());
            assertTrue(chunk.getData().size() <= LIMIT, "payload of chunk " + c);
            offset += chunk.getElementCount();
        }
        assertEquals(size, offset);

        float[] decoded = assemble(tensor, chunks);
        assertArrayEquals(expectedDecoded(encoding, values, per), decoded);
    }

    @Test
    void nearestRoundingLandsWithinHalfAStep() {
        TensorChunker nearest = new TensorChunker(LIMIT, Rounding.NEAREST);
        for (int bits : new int[] {2, 4, 8, 16}) {
            ExpectedTensor tensor = ExpectedTensor.of("w", WireEncoding.fixedPoint(bits), 3, 1000);
            float[] values = randomValues(3000, bits);
            float[] decoded = assemble(tensor, nearest.chunks(tensor, values, KEY));
            FixedPointFormat f = FixedPointFormat.of(bits);
            for (int i = 0; i < values.length; i++) {
                double clamped = Math.max(f.minValue(), Math.min(f.maxValue(), values[i]));
                assertTrue(Math.abs(decoded[i] - clamped) <= f.kappa() / 2 + 1e-7,
                        "element " + i + " at " + bits + " bits: " + values[i] + " -> " + decoded[i]);
            }
        }
    }

    @Test
    void theSameKeyGivesTheSameBytesAndAnotherKeyOthers() {
        ExpectedTensor tensor = ExpectedTensor.of("w", WireEncoding.fixedPoint(4), 5000);
        float[] values = randomValues(5000, 9);
        List<TensorChunk> a = CHUNKER.chunks(tensor, values, KEY);
        List<TensorChunk> b = CHUNKER.chunks(tensor, values, KEY);
        List<TensorChunk> c = CHUNKER.chunks(tensor, values, KEY + 1);
        assertEquals(a, b);
        assertFalse(a.equals(c), "another key must give other stochastic draws");
    }

    @Test
    void aSixteenMillionElementFloatTensorTravelsInChunksUnderFourMebibytes() {
        int size = 16 * 1024 * 1024;
        ExpectedTensor tensor = ExpectedTensor.of("big", WireEncoding.float32(), 4096, 4096);
        float[] values = new float[size];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        for (int limit : new int[] {TensorChunker.DEFAULT_MAX_PAYLOAD_BYTES, TensorChunker.MAX_MAX_PAYLOAD_BYTES}) {
            TensorChunker chunker = new TensorChunker(limit, Rounding.STOCHASTIC);
            int[] largest = {0};
            TensorAssembler assembler = new TensorAssembler(List.of(tensor), limit, (t, offset, v) -> {
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != values[offset + i]) {
                        throw new AssertionError("element " + (offset + i) + " differs");
                    }
                }
            });
            int chunks = chunker.write(tensor, values, 0, chunk -> {
                largest[0] = Math.max(largest[0], chunk.getSerializedSize());
                assembler.accept(chunk);
            });
            assembler.finish();
            assertEquals(chunker.chunkCount(tensor), chunks);
            assertTrue(largest[0] < 4 * 1024 * 1024, "largest chunk message " + largest[0] + " bytes at limit " + limit);
        }
    }

    @Test
    void refusesValuesThatDoNotFitTheTensor() {
        ExpectedTensor tensor = ExpectedTensor.of("w", WireEncoding.float32(), 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CHUNKER.chunks(tensor, new float[5], KEY));
        assertEquals("tensor 'w' of shape [2, 3] needs 6 values, got 5", e.getMessage());
    }

    @Test
    void refusesNonFiniteFloatsAndNaNBeforeSending() {
        float[] values = {1f, Float.POSITIVE_INFINITY, 0f};
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> CHUNKER.chunks(ExpectedTensor.of("w", WireEncoding.float32(), 3), values, KEY));
        assertEquals("tensor 'w': float32 value at element 1 must be finite, got Infinity", inf.getMessage());
        float[] nan = {1f, 0f, Float.NaN};
        assertThrows(IllegalArgumentException.class,
                () -> CHUNKER.chunks(ExpectedTensor.of("w", WireEncoding.fixedPoint(8), 3), nan, KEY));
    }

    @Test
    void refusesPayloadLimitsOutsideTheirRange() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> new TensorChunker(1023, Rounding.STOCHASTIC));
        assertEquals("maxPayloadBytes must be in 1024..3145728, got 1023", low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorChunker(3 * 1024 * 1024 + 1, Rounding.STOCHASTIC));
    }

    /** What the receiver must see: each chunk quantized on its own with its child key. */
    private static float[] expectedDecoded(WireEncoding encoding, float[] values, int per) {
        if (!encoding.isFixedPoint()) {
            return values.clone();
        }
        Quantizer q = new Quantizer(FixedPointFormat.of(encoding.bits()), Rounding.STOCHASTIC);
        float[] out = new float[values.length];
        for (int c = 0, offset = 0; offset < values.length; c++, offset += per) {
            int count = Math.min(per, values.length - offset);
            float[] slice = java.util.Arrays.copyOfRange(values, offset, offset + count);
            q.quantize(slice, slice, StreamKey.child(KEY, c));
            System.arraycopy(slice, 0, out, offset, count);
        }
        return out;
    }

    static float[] assemble(ExpectedTensor tensor, List<TensorChunk> chunks) {
        TensorCollector collector = new TensorCollector(List.of(tensor));
        TensorAssembler assembler = new TensorAssembler(List.of(tensor), LIMIT, collector);
        chunks.forEach(assembler::accept);
        assembler.finish();
        return collector.completed().get(tensor.name());
    }

    static float[] randomValues(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2.4 - 1.2);
        }
        return values;
    }
}
