package org.fedqnn.server.calibrate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.fedqnn.qnn.train.Precision;

/**
 * How far the quantization variance the devices measured on their deltas lies from the closed
 * form of {@link QuantizationVariance} at the same precision: r(n) = (sum of the measured
 * q over the rounds at n) / (sum of the closed form's q for those rounds' delta sizes), one ratio
 * per fixed-point precision n that the rounds ran and reported at. The closed form takes the
 * delta's values as equally spread Gaussians; real deltas are not (their spread differs between
 * layers, and many values are far below one step), which the ratio corrects.
 *
 * <p>At a precision without a ratio the calibration scales the closed form by r interpolated
 * linearly in n between the two nearest measured precisions, or by the nearest one's r below the
 * lowest or above the highest. With no measured precision (pilots whose devices did not report
 * the figure) r = 1 everywhere: the closed form as it is. float32 has q = 0 whatever r is.
 * Immutable.
 *
 * @param ratios r(n) by n, each finite and &ge; 0
 */
public record QuantizationScale(NavigableMap<Integer, Double> ratios) {

    /** No measurement: r = 1 at every n. */
    public static final QuantizationScale NONE = new QuantizationScale(new TreeMap<>());

    public QuantizationScale {
        TreeMap<Integer, Double> copy = new TreeMap<>(ratios);
        for (Map.Entry<Integer, Double> e : copy.entrySet()) {
            if (!(e.getValue() >= 0) || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("the measured over closed-form quantization variance at n = "
                        + e.getKey() + " must be finite and >= 0, got " + e.getValue());
            }
        }
        ratios = Collections.unmodifiableNavigableMap(copy);
    }

    /**
     * r(n) from the rounds that carry the devices' measured quantization variance, at fixed-point
     * precisions, with a measured delta size ({@link RoundObservation#deltaSquaredNorm}) whose
     * closed-form q is positive; {@link #NONE} when no round does.
     *
     * @param modelSize d, the values of one update
     */
    public static QuantizationScale fit(List<RoundObservation> rounds, long modelSize) {
        TreeMap<Integer, double[]> sums = new TreeMap<>();
        for (RoundObservation r : rounds) {
            if (!r.reportsQuantizationVariance() || r.precision().isFloat()) {
                continue;
            }
            double deltaSquared = r.deltaSquaredNorm();
            if (!Double.isFinite(deltaSquared)) {
                continue;
            }
            double closedForm = QuantizationVariance.ofDelta(deltaSquared, modelSize, r.bits(), false);
            if (closedForm > 0) {
                double[] s = sums.computeIfAbsent(r.bits(), n -> new double[2]);
                s[0] += r.quantizationVariance();
                s[1] += closedForm;
            }
        }
        TreeMap<Integer, Double> ratios = new TreeMap<>();
        sums.forEach((n, s) -> ratios.put(n, s[0] / s[1]));
        return new QuantizationScale(ratios);
    }

    /** Whether any precision was measured (else r = 1 everywhere). */
    public boolean measured() {
        return !ratios.isEmpty();
    }

    /** r at precision {@code p}: measured, interpolated, the nearest measured one's, or 1 (none, or float32). */
    public double at(Precision p) {
        if (p.isFloat() || ratios.isEmpty()) {
            return 1;
        }
        int n = p.bits();
        Map.Entry<Integer, Double> below = ratios.floorEntry(n);
        Map.Entry<Integer, Double> above = ratios.ceilingEntry(n);
        if (below == null) {
            return above.getValue();
        }
        if (above == null || above.getKey().equals(below.getKey())) {
            return below.getValue();
        }
        double w = (n - below.getKey()) / (double) (above.getKey() - below.getKey());
        return below.getValue() + w * (above.getValue() - below.getValue());
    }
}
