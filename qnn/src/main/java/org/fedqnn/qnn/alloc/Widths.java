package org.fedqnn.qnn.alloc;

import java.util.Arrays;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.FixedPointFormat;

/**
 * The bit widths an allocator may give a layer's delta: at least one legal fixed-point
 * precision ({@link FixedPointFormat#isLegal}, 1..32), strictly ascending.
 *
 * <p>Immutable and thread-safe: the array is copied on the way in and on the way out.
 *
 * @param bits the widths in bits, strictly ascending, each in 1..32
 */
public record Widths(int[] bits) {

    /** Our default set (not FedLQ's, which the abstract does not give): 1-6, 8, 10, 12, 16. */
    public static final Widths DEFAULT = of(1, 2, 3, 4, 5, 6, 8, 10, 12, 16);

    public Widths {
        Checks.notNull("Widths.bits", bits);
        if (bits.length == 0) {
            throw new IllegalArgumentException("Widths.bits must hold at least 1 width, got 0");
        }
        bits = bits.clone();
        for (int i = 0; i < bits.length; i++) {
            Checks.inRange("Widths.bits[" + i + "]", FixedPointFormat.MIN_BITS,
                    FixedPointFormat.MAX_BITS, bits[i]);
            if (i > 0 && bits[i] <= bits[i - 1]) {
                throw new IllegalArgumentException("Widths.bits must be strictly ascending, got "
                        + bits[i - 1] + " then " + bits[i] + " at index " + i);
            }
        }
    }

    /** The widths given, checked as the constructor does. */
    public static Widths of(int... bits) {
        return new Widths(bits);
    }

    /** A copy of the widths, ascending. */
    @Override
    public int[] bits() {
        return bits.clone();
    }

    /** How many widths there are. */
    public int count() {
        return bits.length;
    }

    /** The width at {@code index} (0 is the smallest). */
    public int at(int index) {
        return bits[index];
    }

    /** The index of {@code width}, or -1 when it is not one of these widths. */
    public int indexOf(int width) {
        int i = Arrays.binarySearch(bits, width);
        return i >= 0 ? i : -1;
    }

    /** The smallest width. */
    public int min() {
        return bits[0];
    }

    /** The largest width. */
    public int max() {
        return bits[bits.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Widths w && Arrays.equals(bits, w.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return Arrays.toString(bits);
    }
}
