package org.fedqnn.server.strategy;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.alloc.AnalyticSignificance;
import org.fedqnn.qnn.alloc.LayerDistortion;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;

/**
 * The analytic significance ({@link AnalyticSignificance}): the Lemma 1 variance
 * d_l 2^(2(1-b)) / 4 a tensor adds at b bits, weighted by its update energy e_l, the mean
 * squared value of its part of the last aggregated delta w_t - w_{t-1} (1 for every tensor
 * before the first aggregation). Stateless and thread-safe.
 */
public final class AnalyticLayerSignificance implements LayerSignificance {

    @Override
    public String name() {
        return "analytic";
    }

    @Override
    public List<LayerDistortion> tables(ModelLayout layout, GlobalModel previous, GlobalModel current,
                                        Widths widths) {
        List<ParameterInfo> params = layout.parameters();
        List<LayerDistortion> tables = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            ParameterInfo p = params.get(i);
            if (p.quantized()) {
                double e = previous == null ? 1 : energy(previous.tensor(i), current.tensor(i));
                tables.add(AnalyticSignificance.table(p.name(), p.length(), e, widths));
            }
        }
        return tables;
    }

    /** e_l = mean of (a - b)^2; positive, so every table is defined. */
    private static double energy(float[] b, float[] a) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = (double) a[j] - b[j];
            s += d * d;
        }
        return Math.max(s / a.length, Double.MIN_NORMAL);
    }
}
