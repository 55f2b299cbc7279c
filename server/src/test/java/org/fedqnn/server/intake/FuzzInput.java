package org.fedqnn.server.intake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A fuzzer's bytes read front to back as big-endian fields (zeros once they run out), and the
 * writer of the same layout for seeds. A plain format, so that a seed kept in the corpus can be
 * written by a test and read back by the target. Not thread-safe.
 */
final class FuzzInput {

    private final ByteBuffer in;

    FuzzInput(byte[] data) {
        this.in = ByteBuffer.wrap(data);
    }

    boolean hasMore() {
        return in.hasRemaining();
    }

    int u8() {
        return in.remaining() >= 1 ? in.get() & 0xFF : 0;
    }

    int u16() {
        return in.remaining() >= 2 ? in.getShort() & 0xFFFF : 0;
    }

    int i32() {
        return in.remaining() >= 4 ? in.getInt() : 0;
    }

    long i64() {
        return in.remaining() >= 8 ? in.getLong() : 0L;
    }

    /** {@code n} bytes, zero-filled past the end of the input. */
    byte[] bytes(int n) {
        byte[] out = new byte[n];
        in.get(out, 0, Math.min(n, in.remaining()));
        return out;
    }

    /** Writes the fields {@link FuzzInput} reads, for seeds. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Writer i32(int v) {
            return u16(v >>> 16).u16(v);
        }

        Writer i64(long v) {
            return i32((int) (v >>> 32)).i32((int) v);
        }

        Writer bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
