package org.fedqnn.datasets.partition;

import java.util.SplittableRandom;

/**
 * Gamma and Dirichlet draws from a seeded {@link SplittableRandom}, implemented here so that
 * they do not depend on a library's or the JDK's algorithm choices.
 *
 * <p>Gamma(shape, 1) uses Marsaglia and Tsang, "A simple method for generating gamma
 * variables" (ACM TOMS 26(3), 2000), for shape &gt;= 1, and their boost for shape &lt; 1:
 * {@code G(a) = G(a + 1) * U^(1/a)}. Draws are returned as logarithms, because with a small
 * shape {@code U^(1/a)} underflows to 0 in double precision (e.g. a = 0.01); the Dirichlet draw
 * then normalises in log space. Normal variates come from Marsaglia's polar method.
 *
 * <p>Stateless and thread-safe; the generator passed in is not.
 */
public final class GammaSampler {

    private GammaSampler() {
    }

    /** The natural logarithm of a Gamma(shape, 1) draw; {@code shape > 0}. */
    public static double logGamma(double shape, SplittableRandom random) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("shape: expected a finite value > 0, actual " + shape);
        }
        if (shape < 1) {
            double u = 1.0 - random.nextDouble(); // in (0, 1]
            return logGamma(shape + 1, random) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = standardNormal(random);
            double t = 1.0 + c * x;
            if (t <= 0) {
                continue;
            }
            double v = t * t * t;
            double u = 1.0 - random.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2
                    || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /** A Gamma(shape, 1) draw (0 when it underflows). */
    public static double gamma(double shape, SplittableRandom random) {
        return Math.exp(logGamma(shape, random));
    }

    /**
     * A draw from the symmetric Dirichlet(alpha, ..., alpha) over {@code k} components: the
     * normalised Gamma(alpha) draws. The result sums to 1 and has no NaN, however small alpha.
     */
    public static double[] dirichlet(double alpha, int k, SplittableRandom random) {
        if (k < 1) {
            throw new IllegalArgumentException("k: expected >= 1, actual " + k);
        }
        double[] logs = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logs[i] = logGamma(alpha, random);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logs[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** A standard normal variate (Marsaglia's polar method; one of the pair is used). */
    static double standardNormal(SplittableRandom random) {
        while (true) {
            double u = 2.0 * random.nextDouble() - 1.0;
            double v = 2.0 * random.nextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2.0 * Math.log(s) / s);
            }
        }
    }
}
