package org.fedqnn.qnn;

/**
 * Packs signed n-bit codes (n = 1..32) into bytes and back, in fedqnn's fixed wire layout,
 * the same on every machine whatever its vector width. This class is the scalar reference
 * of the layout; the vector kernels must produce exactly its bytes.
 *
 * <h2>Layout</h2>
 * A code is stored as its low n bits (two's complement). Elements are cut into blocks of
 * {@value #BLOCK_ELEMENTS}; the tail after the last full block is shorter.
 * <ul>
 *   <li><b>Full block</b> b (elements 256b .. 256b+255), {@code 32 n} bytes: element
 *       256b + 8j + l (j = 0..31, l = 0..7) is the j-th code of lane l. Each lane's 32 codes
 *       form a 32n-bit stream, least significant bit first (code j at bits j*n .. j*n+n-1),
 *       cut into n 32-bit words. Word w of lane l is stored little-endian at byte
 *       {@code 32 n b + 4 (8 w + l)}: the eight lanes' words interleave.</li>
 *   <li><b>Tail</b> (the last length mod 256 elements): one stream, least significant bit
 *       first, starting at the byte after the last block: element i of the tail at bits
 *       i*n .. i*n+n-1, stream bit k at bit (k mod 8) of byte k / 8. Unused high bits of the
 *       last byte are zero.</li>
 * </ul>
 * So {@code length} codes take exactly ceil(length * n / 8) bytes, and an unpacker refuses any
 * other length and any non-zero padding bit.
 *
 * <p>Thread-safe (stateless).
 */
public final class BitPacker {

    /** Lanes of the interleaved block layout (eight 32-bit words: a 256-bit vector). */
    public static final int LANES = 8;
    /** Codes per lane in one block: one 32-bit word per bit of precision. */
    public static final int CODES_PER_LANE = 32;
    /** Elements in one full block. */
    public static final int BLOCK_ELEMENTS = LANES * CODES_PER_LANE;

    private BitPacker() {}

    /** ceil(length * bits / 8), with {@code bits} checked to be 1..32. */
    public static long packedBytes(long length, int bits) {
        checkBits(bits);
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return (Math.multiplyExact(length, bits) + 7) / 8;
    }

    /** {@link #packedBytes} as an array length, refusing sizes a Java array cannot hold. */
    public static int packedBytesInt(int length, int bits) {
        long n = packedBytes(length, bits);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    length + " codes at " + bits + " bits need " + n + " bytes, more than one array holds");
        }
        return (int) n;
    }

    /** Packs {@code codes[0..length)} at {@code bits} bits each; every code must fit. */
    public static byte[] pack(int[] codes, int length, int bits) {
        byte[] out = new byte[packedBytesInt(length, bits)];
        FixedPointFormat format = FixedPointFormat.of(bits);
        int min = format.minCode();
        int max = format.maxCode();
        for (int i = 0; i < length; i++) {
            if (codes[i] < min || codes[i] > max) {
                throw new IllegalArgumentException("code[" + i + "] must be in " + min + ".." + max
                        + " for " + bits + " bits, got " + codes[i]);
            }
        }
        int blocks = length / BLOCK_ELEMENTS;
        for (int b = 0; b < blocks; b++) {
            packBlock(codes, b * BLOCK_ELEMENTS, bits, out, b * 32 * bits);
        }
        packTail(codes, blocks * BLOCK_ELEMENTS, length - blocks * BLOCK_ELEMENTS, bits, out, blocks * 32 * bits);
        return out;
    }

    /**
     * Unpacks {@code length} codes of {@code bits} bits into {@code out[0..length)}, sign-extended.
     *
     * @throws IllegalArgumentException when {@code packed} is not exactly ceil(length*bits/8)
     *     bytes long or a padding bit is set
     */
    public static void unpack(byte[] packed, int length, int bits, int[] out) {
        checkLength(packed.length, length, bits);
        if (out.length < length) {
            throw new IllegalArgumentException("output holds " + out.length + " codes, need " + length);
        }
        int blocks = length / BLOCK_ELEMENTS;
        for (int b = 0; b < blocks; b++) {
            unpackBlock(packed, b * 32 * bits, bits, out, b * BLOCK_ELEMENTS);
        }
        unpackTail(packed, blocks * 32 * bits, length - blocks * BLOCK_ELEMENTS, bits, out, blocks * BLOCK_ELEMENTS);
    }

    /** Refuses a packed buffer whose length is not exactly ceil(length * bits / 8). */
    public static void checkLength(int packedLength, int length, int bits) {
        long expected = packedBytes(length, bits);
        if (packedLength != expected) {
            throw new IllegalArgumentException("packed data for " + length + " codes at " + bits
                    + " bits must be " + expected + " bytes, got " + packedLength);
        }
    }

    static void checkBits(int bits) {
        if (!FixedPointFormat.isLegal(bits)) {
            throw new IllegalArgumentException("bits must be in 1..32, got " + bits);
        }
    }

    static void packBlock(int[] codes, int from, int bits, byte[] out, int byteOffset) {
        long mask = (1L << bits) - 1;
        for (int lane = 0; lane < LANES; lane++) {
            long acc = 0;
            int filled = 0;
            int word = 0;
            for (int j = 0; j < CODES_PER_LANE; j++) {
                acc |= (codes[from + LANES * j + lane] & mask) << filled;
                filled += bits;
                while (filled >= 32) {
                    putIntLE(out, byteOffset + 4 * (LANES * word + lane), (int) acc);
                    acc >>>= 32;
                    filled -= 32;
                    word++;
                }
            }
        }
    }

    static void unpackBlock(byte[] in, int byteOffset, int bits, int[] out, int from) {
        long mask = (1L << bits) - 1;
        int signShift = 64 - bits;
        for (int lane = 0; lane < LANES; lane++) {
            long acc = 0;
            int filled = 0;
            int word = 0;
            for (int j = 0; j < CODES_PER_LANE; j++) {
                while (filled < bits) {
                    acc |= (getIntLE(in, byteOffset + 4 * (LANES * word + lane)) & 0xFFFFFFFFL) << filled;
                    filled += 32;
                    word++;
                }
                out[from + LANES * j + lane] = (int) (((acc & mask) << signShift) >> signShift);
                acc >>>= bits;
                filled -= bits;
            }
        }
    }

    static void packTail(int[] codes, int from, int count, int bits, byte[] out, int byteOffset) {
        long mask = (1L << bits) - 1;
        long acc = 0;
        int filled = 0;
        int pos = byteOffset;
        for (int i = 0; i < count; i++) {
            acc |= (codes[from + i] & mask) << filled;
            filled += bits;
            while (filled >= 8) {
                out[pos++] = (byte) acc;
                acc >>>= 8;
                filled -= 8;
            }
        }
        if (filled > 0) {
            out[pos] = (byte) acc;
        }
    }

    static void unpackTail(byte[] in, int byteOffset, int count, int bits, int[] out, int from) {
        long mask = (1L << bits) - 1;
        int signShift = 64 - bits;
        long acc = 0;
        int filled = 0;
        int pos = byteOffset;
        for (int i = 0; i < count; i++) {
            while (filled < bits) {
                acc |= (in[pos++] & 0xFFL) << filled;
                filled += 8;
            }
            out[from + i] = (int) (((acc & mask) << signShift) >> signShift);
            acc >>>= bits;
            filled -= bits;
        }
        if (acc != 0) {
            throw new IllegalArgumentException("padding bits of the last packed byte must be zero, got 0x"
                    + Integer.toHexString((int) (in[in.length - 1] & 0xFF)));
        }
    }

    static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static int getIntLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
