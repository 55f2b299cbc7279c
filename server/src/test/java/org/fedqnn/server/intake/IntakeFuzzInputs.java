package org.fedqnn.server.intake;

import com.google.protobuf.ByteString;
import java.util.List;
import org.fedqnn.proto.codec.TensorSpecs;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.qnn.BitPacker;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * How {@link IntakeFuzzTest} reads a chunk and a trailer from the fuzzer's bytes (each field
 * what a compliant device sends unless a flag bit takes it from the input), and its compliant
 * seeds written in the same layout.
 */
final class IntakeFuzzInputs {

    /** Flag bits of a chunk. */
    static final int NAME = 1;
    static final int SHAPE = 2;
    static final int BITS = 4;
    static final int OFFSET = 8;
    static final int COUNT = 16;
    static final int LENGTH = 32;

    /** A compliant trailer for the task of {@code Parts.round}: I = 1, B = 8 on the costs of the test. */
    private static final long[] COMPLIANT = {1000, 2000, 8, 10, 8, 1, Double.doubleToLongBits(0.1),
        Double.doubleToLongBits(2.0), 0, 0, 100};

    private IntakeFuzzInputs() {
    }

    /** A chunk at the cursor ({@code tensor}, {@code offset}) of {@code expected}, with flagged fields from the input. */
    static TensorChunk chunk(FuzzInput in, List<ExpectedTensor> expected, int tensor, int offset) {
        int flags = in.u8();
        TensorChunk.Builder b = TensorChunk.newBuilder().setElementOffset(offset);
        int bits = 8;
        int count = 0;
        if (tensor < expected.size()) {
            ExpectedTensor at = expected.get(tensor);
            bits = at.encoding().bits();
            count = at.elementCount() - offset;
            b.setName(at.name()).addAllShape(at.shape()).setEncoding(TensorSpecs.toProto(at.encoding())).setBits(bits);
        }
        if ((flags & NAME) != 0) {
            int pick = in.u8();
            b.setName(pick < expected.size() ? expected.get(pick).name() : "t" + pick);
        }
        if ((flags & SHAPE) != 0) {
            b.clearShape();
            for (int d = in.u8() % 4; d > 0; d--) {
                b.addShape(in.i64());
            }
        }
        if ((flags & BITS) != 0) {
            b.setBits(in.i32());
        }
        if ((flags & OFFSET) != 0) {
            b.setElementOffset(in.i64());
        }
        if ((flags & COUNT) != 0) {
            count = in.i32();
        }
        b.setElementCount(count);
        int length = (flags & LENGTH) != 0 ? in.u16() : (int) Math.min(70_000, BitPacker.packedBytes(Math.max(0, count),
                Math.max(1, Math.min(32, b.getBits()))));
        return b.setData(ByteString.copyFrom(in.bytes(length))).build();
    }

    /** The trailer's eleven figures (doubles as their bits), each compliant unless its flag bit is set. */
    static long[] trailer(FuzzInput in) {
        int flags = in.u16();
        long[] f = COMPLIANT.clone();
        for (int i = 0; i < f.length; i++) {
            if ((flags & (1 << i)) != 0) {
                f[i] = in.i64();
            }
        }
        return f;
    }

    private static int op(int stream, int kind) {
        return stream + 3 * kind;
    }

    /** Device 0's compliant update on stream 0, one upload slot. */
    static byte[] oneUpdate() {
        FuzzInput.Writer w = new FuzzInput.Writer().u8(0);
        update(w, 0, 0);
        return w.toByteArray();
    }

    /** Devices 0 and 1 interleaved on two slots; device 1's stream breaks off, and it sends again on stream 2. */
    static byte[] interleaved() {
        FuzzInput.Writer w = new FuzzInput.Writer().u8(1);
        w.u8(op(0, IntakeFuzzTest.HEADER)).u8(0).u8(op(1, IntakeFuzzTest.HEADER)).u8(4);
        w.u8(op(0, IntakeFuzzTest.CHUNK)).u8(0).bytes(new byte[6]);
        w.u8(op(1, IntakeFuzzTest.CHUNK)).u8(0).bytes(new byte[6]);
        w.u8(op(1, IntakeFuzzTest.ERROR));
        w.u8(op(0, IntakeFuzzTest.CHUNK)).u8(0).bytes(new byte[8]);
        w.u8(op(0, IntakeFuzzTest.TRAILER)).u16(0).u8(op(0, IntakeFuzzTest.COMPLETED));
        update(w, 2, 1);
        return w.toByteArray();
    }

    /** Header, the weight [3, 2] at 8 bits (6 bytes), the float32 bias [2] (8 bytes), trailer, end. */
    private static void update(FuzzInput.Writer w, int stream, int device) {
        w.u8(op(stream, IntakeFuzzTest.HEADER)).u8(4 * device);
        w.u8(op(stream, IntakeFuzzTest.CHUNK)).u8(0).bytes(new byte[6]);
        w.u8(op(stream, IntakeFuzzTest.CHUNK)).u8(0).bytes(new byte[8]);
        w.u8(op(stream, IntakeFuzzTest.TRAILER)).u16(0).u8(op(stream, IntakeFuzzTest.COMPLETED));
    }
}
