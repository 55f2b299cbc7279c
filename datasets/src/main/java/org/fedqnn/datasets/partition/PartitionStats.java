package org.fedqnn.datasets.partition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a split looks like: samples and a label histogram per device, and how far each
 * device's label distribution is from the global one, measured by the total-variation distance
 * {@code TV(p, q) = 1/2 * sum_c |p_c - q_c|} (0 for identical distributions, 1 for disjoint
 * ones). {@link #of} also checks that the split assigns every sample exactly once.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param counts samples per device
 * @param labelHistograms {@code [device][class]} sample counts
 * @param totalVariation per device, TV distance from the global label distribution (0 for a
 *     device without samples)
 */
public record PartitionStats(int[] counts, int[][] labelHistograms, double[] totalVariation) {

    public PartitionStats {
        counts = Objects.requireNonNull(counts, "counts").clone();
        labelHistograms = deepCopy(Objects.requireNonNull(labelHistograms, "labelHistograms"));
        totalVariation = Objects.requireNonNull(totalVariation, "totalVariation").clone();
        if (labelHistograms.length != counts.length || totalVariation.length != counts.length) {
            throw new IllegalArgumentException("devices: expected " + counts.length
                    + " histograms and distances, actual " + labelHistograms.length + " and "
                    + totalVariation.length);
        }
    }

    /**
     * The statistics of {@code parts} over samples with {@code labels}.
     *
     * @throws IllegalArgumentException when a sample is assigned twice, never, or is out of range
     */
    public static PartitionStats of(int[][] parts, int[] labels, int classes) {
        int n = labels.length;
        int[] owner = new int[n];
        Arrays.fill(owner, -1);
        int[] global = new int[classes];
        int[][] histograms = new int[parts.length][classes];
        int[] counts = new int[parts.length];
        for (int d = 0; d < parts.length; d++) {
            for (int i : parts[d]) {
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("device " + d + " sample index: expected 0.."
                            + (n - 1) + ", actual " + i);
                }
                if (owner[i] >= 0) {
                    throw new IllegalArgumentException("sample " + i + ": expected one device,"
                            + " actual devices " + owner[i] + " and " + d);
                }
                owner[i] = d;
                histograms[d][labels[i]]++;
                global[labels[i]]++;
                counts[d]++;
            }
        }
        for (int i = 0; i < n; i++) {
            if (owner[i] < 0) {
                throw new IllegalArgumentException("sample " + i + ": expected one device, actual none");
            }
        }
        double[] tv = new double[parts.length];
        for (int d = 0; d < parts.length; d++) {
            if (counts[d] == 0) {
                continue;
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.abs((double) histograms[d][c] / counts[d] - (double) global[c] / n);
            }
            tv[d] = sum / 2;
        }
        return new PartitionStats(counts, histograms, tv);
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    @Override
    public int[][] labelHistograms() {
        return deepCopy(labelHistograms);
    }

    @Override
    public double[] totalVariation() {
        return totalVariation.clone();
    }

    /** Number of devices. */
    public int devices() {
        return counts.length;
    }

    /** The fewest samples on any device. */
    public int minCount() {
        return Arrays.stream(counts).min().orElse(0);
    }

    /** The most samples on any device. */
    public int maxCount() {
        return Arrays.stream(counts).max().orElse(0);
    }

    /** Distinct labels on device {@code d}. */
    public int distinctLabels(int d) {
        return (int) Arrays.stream(labelHistograms[d]).filter(c -> c > 0).count();
    }

    /**
     * The skew measure: mean over devices with samples of the TV distance between the device's
     * label distribution and the global one. About 0 for IID, near 1 for one class per device.
     */
    public double meanTotalVariation() {
        double sum = 0;
        int devices = 0;
        for (int d = 0; d < counts.length; d++) {
            if (counts[d] > 0) {
                sum += totalVariation[d];
                devices++;
            }
        }
        return devices == 0 ? 0 : sum / devices;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        double meanLabels = 0;
        for (int d = 0; d < counts.length; d++) {
            meanLabels += distinctLabels(d);
        }
        meanLabels /= Math.max(1, counts.length);
        return String.format(Locale.ROOT, "%d devices, samples per device min %d / max %d,"
                + " mean distinct labels %.1f, mean TV distance from global labels %.3f",
                counts.length, minCount(), maxCount(), meanLabels, meanTotalVariation());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionStats that && Arrays.equals(counts, that.counts)
                && Arrays.deepEquals(labelHistograms, that.labelHistograms)
                && Arrays.equals(totalVariation, that.totalVariation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(counts), Arrays.deepHashCode(labelHistograms));
    }

    @Override
    public String toString() {
        return "PartitionStats[" + summary() + "]";
    }
}
