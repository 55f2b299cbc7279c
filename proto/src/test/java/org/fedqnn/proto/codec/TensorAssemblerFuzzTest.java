package org.fedqnn.proto.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the chunk assembler (the receiving side of every tensor stream, including the n-bit
 * unpacking): the fuzzer's bytes choose up to three expected tensors and a payload limit, then a
 * sequence of chunks, each field either what a compliant sender would put there or a value
 * of the fuzzer's, and maybe an end of stream. Invariant: every chunk is accepted or refused
 * with a {@link WireFormatException} naming the tensor and the field, nothing else is ever
 * thrown, and a stream that finished delivered every tensor in full with finite values.
 * The corpus lives in {@code TensorAssemblerFuzzTestInputs/chunkStream}.
 */
class TensorAssemblerFuzzTest {

    /** What became of one input. */
    enum Outcome { COMPLETE, REFUSED, UNFINISHED }

    private static final int FINISH = 0xFF;
    /** Flag bits of a chunk's op byte: which fields come from the input instead of the cursor. */
    private static final int NAME = 1;
    private static final int SHAPE = 2;
    private static final int ENCODING = 4;
    private static final int BITS = 8;
    private static final int OFFSET = 16;
    private static final int LENGTH = 32;
    private static final int COUNT = 64;

    @FuzzTest(maxDuration = "10s")
    void chunkStream(byte[] data) {
        run(data);
    }

    static Outcome run(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        List<ExpectedTensor> expected = expectedTensors(in);
        int maxPayload = TensorChunker.MIN_MAX_PAYLOAD_BYTES + in.u16() % 8192;
        TensorCollector collector = new TensorCollector(expected);
        TensorAssembler assembler = new TensorAssembler(expected, maxPayload, collector);
        int tensor = 0;
        int offset = 0;
        try {
            while (in.hasMore()) {
                int op = in.u8();
                if (op == FINISH) {
                    assembler.finish();
                    checkComplete(expected, collector);
                    return Outcome.COMPLETE;
                }
                TensorChunk chunk = chunk(in, op, expected, tensor, offset, maxPayload);
                long before = assembler.chunkCount();
                assembler.accept(chunk);
                assertEquals(before + 1, assembler.chunkCount());
                offset += chunk.getElementCount();
                if (offset == expected.get(tensor).elementCount()) {
                    tensor++;
                    offset = 0;
                }
                assertEquals(tensor == expected.size(), assembler.isComplete());
            }
            return Outcome.UNFINISHED;
        } catch (WireFormatException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("tensor '"), e.getMessage());
            assertFalse(e.field().isBlank(), "the refusal names a field: " + e.getMessage());
            return Outcome.REFUSED;
        }
    }

    private static List<ExpectedTensor> expectedTensors(FuzzInput in) {
        int count = 1 + in.u8() % 3;
        List<ExpectedTensor> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int rank = 1 + in.u8() % 2;
            long first = 1 + in.u16() % 1100;
            List<Long> shape = rank == 1 ? List.of(first) : List.of(first, 1L + in.u8() % 4);
            int enc = in.u8() % 33;
            WireEncoding encoding = enc == 0 ? WireEncoding.float32() : WireEncoding.fixedPoint(enc);
            list.add(new ExpectedTensor("t" + i, shape, encoding));
        }
        return list;
    }

    /** A chunk at the cursor, with the fields {@code flags} names taken from the input instead. */
    private static TensorChunk chunk(FuzzInput in, int flags, List<ExpectedTensor> expected, int tensor, int offset,
                                     int maxPayload) {
        ExpectedTensor at = expected.get(Math.min(tensor, expected.size() - 1));
        TensorChunk.Builder b = TensorChunk.newBuilder().setName(at.name()).addAllShape(at.shape())
                .setEncoding(TensorSpecs.toProto(at.encoding())).setBits(at.encoding().bits())
                .setElementOffset(offset);
        if ((flags & NAME) != 0) {
            int pick = in.u8() % (expected.size() + 1);
            b.setName(pick < expected.size() ? expected.get(pick).name() : "unknown");
        }
        if ((flags & SHAPE) != 0) {
            b.clearShape();
            for (int d = in.u8() % 4; d > 0; d--) {
                b.addShape(in.i64());
            }
        }
        if ((flags & ENCODING) != 0) {
            b.setEncodingValue(in.i32());
        }
        if ((flags & BITS) != 0) {
            b.setBits(in.i32());
        }
        if ((flags & OFFSET) != 0) {
            b.setElementOffset(in.i64());
        }
        int bits = at.encoding().bits();
        int count;
        if ((flags & COUNT) != 0) {
            count = in.i32();
        } else {
            int fit = at.encoding().isFixedPoint()
                    ? maxPayload * 8 / bits / BitPacker.BLOCK_ELEMENTS * BitPacker.BLOCK_ELEMENTS : maxPayload / 4;
            count = Math.min(at.elementCount() - offset, fit);
        }
        b.setElementCount(count);
        int length = (flags & LENGTH) != 0 ? in.u16()
                : (int) Math.min(maxPayload + 16L, count > 0 ? BitPacker.packedBytes(count, Math.max(1, Math.min(32,
                b.getBits()))) : 0);
        return b.setData(ByteString.copyFrom(in.bytes(length))).build();
    }

    private static void checkComplete(List<ExpectedTensor> expected, TensorCollector collector) {
        assertEquals(expected.size(), collector.completed().size());
        for (ExpectedTensor t : expected) {
            float[] v = collector.completed().get(t.name());
            assertEquals(t.elementCount(), v.length, t.name());
            for (float x : v) {
                assertTrue(Float.isFinite(x), t.name());
            }
        }
    }

    // ---- seeds ----

    private static final Path INPUTS = Path.of("src/test/resources/org/fedqnn/proto/codec",
            "TensorAssemblerFuzzTestInputs", "chunkStream");

    /** A compliant stream: a 700-element 16-bit tensor in two chunks and a float32 [20, 4] one, then the end. */
    static byte[] validStream() {
        FuzzInput.Writer w = new FuzzInput.Writer().u8(1) // two tensors
                .u8(0).u16(699).u8(16) // t0: [700] at 16 bits
                .u8(1).u16(19).u8(3).u8(0) // t1: [20, 4] float32
                .u16(0); // the smallest payload limit, 1024 bytes: 512 elements of t0 per chunk
        w.u8(0).bytes(new byte[1024]).u8(0).bytes(new byte[376]); // t0: 512 + 188 elements
        w.u8(0).bytes(new byte[320]); // t1: 80 floats
        return w.u8(FINISH).toByteArray();
    }

    /** Keeps the corpus's compliant seeds compliant: a format change that breaks them fails here. */
    @Test
    void theCompliantSeedsAreAccepted() throws IOException {
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            Files.createDirectories(INPUTS);
            Files.write(INPUTS.resolve("valid-two-tensors"), validStream());
        }
        assertEquals(Outcome.COMPLETE, run(validStream()));
        try (Stream<Path> files = Files.list(INPUTS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("valid")).toList()) {
                assertEquals(Outcome.COMPLETE, run(Files.readAllBytes(f)), f.toString());
            }
        }
    }
}
