package org.fedqnn.server.calibrate;

import java.util.List;

/** Ordinary least squares on a few columns, by the normal equations with column scaling. Stateless. */
final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * The x minimising sum_i (rows_i[0..k) . x - y_i)^2, or null when the columns are
     * (numerically) dependent or there are fewer rows than k.
     */
    static double[] solve(List<double[]> rows, List<Double> ys, int k) {
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
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < k; l++) {
                    a[j][l] += r[j] / scale[j] * r[l] / scale[l];
                }
                a[j][k] += r[j] / scale[j] * ys.get(i);
            }
        }
        double[] x = gauss(a, k);
        if (x == null) {
            return null;
        }
        for (int j = 0; j < k; j++) {
            x[j] /= scale[j];
        }
        return x;
    }

    /** The root mean square of rows . x - y (x's length columns). */
    static double rms(List<double[]> rows, List<Double> ys, double[] x) {
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            double e = -ys.get(i);
            for (int j = 0; j < x.length; j++) {
                e += rows.get(i)[j] * x[j];
            }
            sum += e * e;
        }
        return Math.sqrt(sum / rows.size());
    }

    private static double[] gauss(double[][] a, int k) {
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
                return null;
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int l = c; l <= k; l++) {
                        a[r][l] -= f * a[c][l];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int j = 0; j < k; j++) {
            x[j] = a[j][k] / a[j][j];
        }
        return x;
    }
}
