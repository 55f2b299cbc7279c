package org.fedqnn.datasets.partition;

import java.util.Arrays;

/** A growable list of ints, to avoid boxing. Not thread-safe. */
final class IntList {

    private int[] values = new int[16];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.multiplyExact(2, values.length));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return values[java.util.Objects.checkIndex(i, size)];
    }

    /** Removes the element at {@code i} by moving the last one into its place. */
    int swapRemove(int i) {
        int v = get(i);
        values[i] = values[--size];
        return v;
    }

    int[] toSortedArray() {
        int[] out = Arrays.copyOf(values, size);
        Arrays.sort(out);
        return out;
    }
}
