package org.fedqnn.datasets.partition;

import java.util.Arrays;
import java.util.Objects;
import org.fedqnn.datasets.SeededShuffle;

/**
 * A device's local split of its samples into training and test indices, with a guaranteed
 * minimum on both sides. Immutable and thread-safe (arrays are copied in and out).
 *
 * @param train local training indices, ascending
 * @param test local test indices, ascending
 */
public record DeviceSplit(int[] train, int[] test) {

    public DeviceSplit {
        train = Objects.requireNonNull(train, "train").clone();
        test = Objects.requireNonNull(test, "test").clone();
    }

    /**
     * Splits {@code deviceIndices}: {@code max(minTest, round(testFraction * n))} samples, drawn
     * with the seed, go to the test side, the rest to training.
     *
     * @throws IllegalArgumentException when the device's {@code n} samples cannot give at least
     *     {@code minTrain} and {@code minTest}, naming all three
     */
    public static DeviceSplit of(int[] deviceIndices, double testFraction, int minTrain,
            int minTest, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction: expected 0 <= f < 1, actual "
                    + testFraction);
        }
        if (minTrain < 1 || minTest < 0) {
            throw new IllegalArgumentException("minTrain >= 1 and minTest >= 0: expected, actual "
                    + minTrain + " and " + minTest);
        }
        int n = deviceIndices.length;
        int testCount = (int) Math.max(minTest, Math.round(testFraction * n));
        if (n - testCount < minTrain) {
            throw new IllegalArgumentException("cannot split a device's " + n + " samples into at"
                    + " least " + minTrain + " for training and " + testCount + " for testing"
                    + " (minimum " + minTest + ", fraction " + testFraction + ")");
        }
        int[] shuffled = SeededShuffle.shuffled(deviceIndices, seed);
        int[] test = Arrays.copyOfRange(shuffled, 0, testCount);
        int[] train = Arrays.copyOfRange(shuffled, testCount, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new DeviceSplit(train, test);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceSplit that && Arrays.equals(train, that.train)
                && Arrays.equals(test, that.test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "DeviceSplit[train " + train.length + ", test " + test.length + "]";
    }
}
