package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BitPackerTest {

    static int[] randomCodes(int length, int bits, long seed) {
        FixedPointFormat f = FixedPointFormat.of(bits);
        SplittableRandom r = new SplittableRandom(seed);
        int[] codes = new int[length];
        for (int i = 0; i < length; i++) {
            codes[i] = (int) r.nextLong(f.minCode(), (long) f.maxCode() + 1);
        }
        if (length > 1) {
            codes[0] = f.minCode();
            codes[length - 1] = f.maxCode();
        }
        return codes;
    }

    @Property(tries = 300)
    void roundTripsAnyWidthAndLength(@ForAll @IntRange(min = 1, max = 32) int bits,
                                     @ForAll @IntRange(min = 0, max = 1200) int length,
                                     @ForAll long seed) {
        int[] codes = randomCodes(length, bits, seed);
        byte[] packed = BitPacker.pack(codes, length, bits);
        assertEquals((length * (long) bits + 7) / 8, packed.length);
        int[] back = new int[length];
        BitPacker.unpack(packed, length, bits, back);
        assertArrayEquals(codes, back);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 255, 256, 257, 511, 513, 1001})
    void roundTripsTheEdgeLengthsAtEveryWidth(int length) {
        for (int bits = 1; bits <= 32; bits++) {
            int[] codes = randomCodes(length, bits, 31L * length + bits);
            int[] back = new int[length];
            BitPacker.unpack(BitPacker.pack(codes, length, bits), length, bits, back);
            assertArrayEquals(codes, back, "bits " + bits);
        }
    }

    @Test
    void refusesABufferOneByteShortOrLong() {
        byte[] packed = BitPacker.pack(randomCodes(65, 5, 1), 65, 5);
        int[] out = new int[65];
        IllegalArgumentException shortBuf = assertThrows(IllegalArgumentException.class,
                () -> BitPacker.unpack(Arrays.copyOf(packed, packed.length - 1), 65, 5, out));
        assertTrue(shortBuf.getMessage().contains("must be 41 bytes, got 40"), shortBuf.getMessage());
        IllegalArgumentException longBuf = assertThrows(IllegalArgumentException.class,
                () -> BitPacker.unpack(Arrays.copyOf(packed, packed.length + 1), 65, 5, out));
        assertTrue(longBuf.getMessage().contains("got 42"), longBuf.getMessage());
    }

    @Test
    void refusesSetPaddingBits() {
        byte[] packed = BitPacker.pack(new int[] {1, 2, 3}, 3, 3);
        packed[1] |= (byte) 0x80;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BitPacker.unpack(packed, 3, 3, new int[3]));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
    }

    @Test
    void refusesCodesThatDoNotFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BitPacker.pack(new int[] {0, 8}, 2, 4));
        assertTrue(e.getMessage().contains("code[1] must be in -8..7"), e.getMessage());
    }

    @Test
    void tailIsOneLeastSignificantBitFirstStream() {
        byte[] packed = BitPacker.pack(new int[] {1, -1, 2}, 3, 4);
        assertArrayEquals(new byte[] {(byte) 0xF1, 0x02}, packed);
    }

    @Test
    void thirtyTwoBitBlocksAreLittleEndianIntsInElementOrder() {
        int[] codes = randomCodes(256, 32, 9);
        byte[] packed = BitPacker.pack(codes, 256, 32);
        for (int i = 0; i < 256; i++) {
            assertEquals(codes[i], BitPacker.getIntLE(packed, 4 * i), "element " + i);
        }
    }

    @Test
    void sixteenBitBlocksInterleaveEightLanes() {
        int[] codes = randomCodes(256, 16, 10);
        byte[] packed = BitPacker.pack(codes, 256, 16);
        for (int word = 0; word < 16; word++) {
            for (int lane = 0; lane < 8; lane++) {
                int v = BitPacker.getIntLE(packed, 4 * (8 * word + lane));
                assertEquals(codes[8 * (2 * word) + lane], (short) v, "low half, word " + word + " lane " + lane);
                assertEquals(codes[8 * (2 * word + 1) + lane], v >> 16, "high half, word " + word + " lane " + lane);
            }
        }
    }
}
