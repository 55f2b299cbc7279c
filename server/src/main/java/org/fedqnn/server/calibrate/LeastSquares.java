package org.fedqnn.server.calibrate;

import java.util.List;

/** Ordinary least squares on a few columns, by the normal equations with column scaling. Stateless. */
final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * A least-squares fit: the coefficients, their covariance s^2 (X'X)^-1 with s^2 = RSS / (m - k),
     * and the root mean square residual.
     *
     * @param x          the coefficients
     * @param covariance their covariance matrix; NaN throughout when there are no more rows than columns
     * @param rms        sqrt(RSS / m)
     * @param rows       m
     */
    record Fit(double[] x, double[][] covariance, double rms, int rows) {

        /** The standard error of coefficient j: sqrt of the covariance's diagonal (NaN when m = k). */
        double standardError(int j) {
            return Math.sqrt(covariance[j][j]);
        }

        /** The standard errors of every coefficient. */
        double[] standardErrors() {
            double[] se = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                se[j] = standardError(j);
            }
            return se;
        }
    }

    /**
     * The x minimising sum_i (rows_i[0..k) . x - y_i)^2, or null when the columns are
     * (numerically) dependent or there are fewer rows than k.
     */
    static double[] solve(List<double[]> rows, List<Double> ys, int k) {
        Fit f = fit(rows, ys, k);
        return f == null ? null : f.x();
    }

    /**
     * The fit of y on the first k columns of {@code rows}, with the coefficients' covariance; null
     * when the columns are (numerically) dependent or there are fewer rows than k.
     */
    static Fit fit(List<double[]> rows, List<Double> ys, int k) {
        if (rows.size() < k) {
            return null;
        }
        double[] scale = new double[k];
        for (double[] r : rows) {
            for (int j = 0; j < k; j++) {
                scale[j] = Math.max(scale[j], Math.abs(r[j]));
            }
        }
        for (int j = 0; j < k; j++) {
            if (!(scale[j] > 0)) {
                return null;
            }
        }
        // the scaled normal equations, with the identity beside them for the inverse
        double[][] a = new double[k][2 * k + 1];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < k; l++) {
                    a[j][l] += r[j] / scale[j] * r[l] / scale[l];
                }
                a[j][2 * k] += r[j] / scale[j] * ys.get(i);
            }
        }
        for (int j = 0; j < k; j++) {
            a[j][k + j] = 1;
        }
        if (!gauss(a, k)) {
            return null;
        }
        double[] x = new double[k];
        for (int j = 0; j < k; j++) {
            x[j] = a[j][2 * k] / scale[j];
        }
        double rss = 0;
        for (int i = 0; i < rows.size(); i++) {
            double e = -ys.get(i);
            for (int j = 0; j < k; j++) {
                e += rows.get(i)[j] * x[j];
            }
            rss += e * e;
        }
        int m = rows.size();
        double s2 = m > k ? rss / (m - k) : Double.NaN;
        double[][] cov = new double[k][k];
        for (int j = 0; j < k; j++) {
            for (int l = 0; l < k; l++) {
                cov[j][l] = s2 * a[j][k + l] / (scale[j] * scale[l]);
            }
        }
        return new Fit(x, cov, Math.sqrt(rss / m), m);
    }

    /**
     * Gauss-Jordan elimination with partial pivoting on the k x k left block of {@code a}, applied
     * to every column right of it: afterwards row j holds, divided by a[j][j], the solution. False
     * when a pivot is (numerically) zero.
     */
    private static boolean gauss(double[][] a, int k) {
        int width = a[0].length;
        double largest = 0;
        for (int j = 0; j < k; j++) {
            largest = Math.max(largest, Math.abs(a[j][j]));
        }
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][c]) <= 1e-10 * largest) {
                return false;
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int l = c; l < width; l++) {
                        a[r][l] -= f * a[c][l];
                    }
                }
            }
        }
        for (int j = 0; j < k; j++) {
            double d = a[j][j];
            for (int l = 0; l < width; l++) {
                a[j][l] /= d;
            }
        }
        return true;
    }
}
