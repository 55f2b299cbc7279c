package org.fedqnn.server.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Least squares and its standard errors against a straight line worked by hand. */
class LeastSquaresTest {

    /** y = 1, 3, 2, 5 at x = 0, 1, 2, 3 on the columns (1, x). */
    private static final List<double[]> ROWS = List.of(new double[] {1, 0}, new double[] {1, 1},
            new double[] {1, 2}, new double[] {1, 3});
    private static final List<Double> YS = List.of(1.0, 3.0, 2.0, 5.0);

    @Test
    void coefficientsAndStandardErrorsOfAStraightLine() {
        // by hand: xbar = 1.5, Sxx = 5, Sxy = 5.5, so b = 1.1, a = 2.75 - 1.5 b = 1.1; residuals
        // -0.1, 0.8, -1.3, 0.6, RSS = 2.7, s^2 = RSS / (4 - 2) = 1.35; var b = s^2 / Sxx = 0.27,
        // var a = s^2 (1/4 + xbar^2 / Sxx) = 0.945, cov(a, b) = -xbar s^2 / Sxx = -0.405
        LeastSquares.Fit f = LeastSquares.fit(ROWS, YS, 2);
        assertNotNull(f);
        assertArrayEquals(new double[] {1.1, 1.1}, f.x(), 1e-12);
        assertEquals(Math.sqrt(0.945), f.standardError(0), 1e-12);
        assertEquals(Math.sqrt(0.27), f.standardError(1), 1e-12);
        assertEquals(-0.405, f.covariance()[0][1], 1e-12);
        assertEquals(-0.405, f.covariance()[1][0], 1e-12);
        assertEquals(Math.sqrt(2.7 / 4), f.rms(), 1e-12);
        assertEquals(4, f.rows());
        assertArrayEquals(f.x(), LeastSquares.solve(ROWS, YS, 2), 0, "solve gives the fit's coefficients");
    }

    @Test
    void standardErrorsScaleWithTheColumnsAndVanishForAnExactFit() {
        // the columns' scaling is internal: a column times 1000 has its coefficient and error / 1000
        List<double[]> scaled = ROWS.stream().map(r -> new double[] {r[0], 1000 * r[1]}).toList();
        LeastSquares.Fit f = LeastSquares.fit(scaled, YS, 2);
        assertEquals(1.1e-3, f.x()[1], 1e-15);
        assertEquals(Math.sqrt(0.27) / 1000, f.standardError(1), 1e-15);

        List<Double> exact = List.of(2.0, 4.0, 6.0, 8.0);
        LeastSquares.Fit line = LeastSquares.fit(ROWS, exact, 2);
        assertArrayEquals(new double[] {2, 2}, line.x(), 1e-12);
        assertEquals(0, line.standardError(1), 1e-12);

        LeastSquares.Fit two = LeastSquares.fit(ROWS.subList(0, 2), YS.subList(0, 2), 2);
        assertArrayEquals(new double[] {1, 2}, two.x(), 1e-12);
        assertTrue(Double.isNaN(two.standardError(0)), "no more rows than columns: no error estimate");
    }

    @Test
    void dependentColumnsAndTooFewRowsGiveNoFit() {
        List<double[]> dependent = ROWS.stream().map(r -> new double[] {r[1], 2 * r[1]}).toList();
        assertNull(LeastSquares.fit(dependent, YS, 2));
        assertNull(LeastSquares.fit(ROWS.subList(0, 1), YS.subList(0, 1), 2));
        List<double[]> zero = ROWS.stream().map(r -> new double[] {r[0], 0}).toList();
        assertNull(LeastSquares.fit(zero, YS, 2), "a column of zeros");
    }
}
