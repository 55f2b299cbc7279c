package org.fedqnn.datasets.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GammaSamplerTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0, 2.5, 9.0})
    void meanAndVarianceMatchTheShape(double shape) {
        SplittableRandom random = new SplittableRandom(17);
        int n = 40_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double g = GammaSampler.gamma(shape, random);
            assertTrue(g >= 0);
            sum += g;
            squares += g * g;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        // Gamma(k, 1): mean k, variance k; 5 standard errors of the mean.
        assertEquals(shape, mean, 5 * Math.sqrt(shape / n), "mean");
        assertEquals(shape, variance, 0.1 * shape + 0.01, "variance");
    }

    @Test
    void dirichletWithTinyAlphaStillSumsToOne() {
        SplittableRandom random = new SplittableRandom(3);
        for (double alpha : new double[] {1e-4, 0.01, 1, 100}) {
            double[] p = GammaSampler.dirichlet(alpha, 50, random);
            double sum = 0;
            for (double v : p) {
                assertTrue(v >= 0 && !Double.isNaN(v));
                sum += v;
            }
            assertEquals(1.0, sum, 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> GammaSampler.logGamma(0, random));
        assertThrows(IllegalArgumentException.class, () -> new DirichletPartitioner(Double.NaN));
    }
}
