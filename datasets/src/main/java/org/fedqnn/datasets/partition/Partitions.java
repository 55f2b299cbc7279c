package org.fedqnn.datasets.partition;

import java.util.Objects;

/** Checks shared by the partitioners. Stateless. */
final class Partitions {

    private Partitions() {
    }

    /** Validates the arguments every partitioner takes. */
    static void requireValid(int[] labels, int classes, int devices, int minPerDevice) {
        Objects.requireNonNull(labels, "labels");
        if (classes < 1) {
            throw new IllegalArgumentException("classes: expected >= 1, actual " + classes);
        }
        if (devices < 1) {
            throw new IllegalArgumentException("devices: expected >= 1, actual " + devices);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected 0.." + (classes - 1)
                        + ", actual " + labels[i]);
            }
        }
        long needed = (long) devices * minPerDevice;
        if (labels.length < needed) {
            throw new IllegalArgumentException("cannot give each of N = " + devices
                    + " devices at least " + minPerDevice + " samples: that needs " + needed
                    + " samples, but the training set has only " + labels.length
                    + "; use fewer devices or a smaller minimum");
        }
    }

    static void requireMinimumArgument(int minPerDevice) {
        if (minPerDevice < 0) {
            throw new IllegalArgumentException("minPerDevice: expected >= 0, actual " + minPerDevice);
        }
    }

    static int[][] toSortedArrays(IntList[] lists) {
        int[][] out = new int[lists.length][];
        for (int d = 0; d < lists.length; d++) {
            out[d] = lists[d].toSortedArray();
        }
        return out;
    }

    /** Indices grouped by class, each group ascending. */
    static int[][] indicesByClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        return byClass;
    }
}
