package org.fedqnn.qnn;

import java.util.Objects;

/**
 * Argument checks for the compact constructors of value types: each failure is an
 * {@link IllegalArgumentException} (or {@link NullPointerException}) whose message names the
 * field, what was expected and the value received, e.g.
 * {@code EnergyParameters.bandwidthHertz must be finite and greater than 0, got -1.0}.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class Checks {

    private Checks() {
    }

    /** {@code value} is finite and greater than 0. */
    public static double positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    field + " must be finite and greater than 0, got " + value);
        }
        return value;
    }

    /** {@code value} is finite and at least 0. */
    public static double nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    field + " must be finite and at least 0, got " + value);
        }
        return value;
    }

    /** {@code value} is finite (not NaN, not infinite). */
    public static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
        return value;
    }

    /** {@code value} is finite and in {@code [min, max]}. */
    public static double inRange(String field, double min, double max, double value) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** {@code value} is in {@code min..max}. */
    public static int inRange(String field, int min, int max, int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** {@code value} is at least {@code min}. */
    public static long atLeast(String field, long min, long value) {
        if (value < min) {
            throw new IllegalArgumentException(
                    field + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value} is not null. */
    public static <T> T notNull(String field, T value) {
        return Objects.requireNonNull(value, field + " must not be null");
    }
}
