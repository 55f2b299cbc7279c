package org.fedqnn.server.strategy;

import java.util.List;
import org.fedqnn.qnn.alloc.LayerDistortion;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;

/**
 * How {@link LayerwiseStrategy} prices the quantization of each quantized tensor of an update
 * (docs/layerwise.md, "Significance"): one table D_l(b) per quantized tensor, from the last
 * aggregated step w_{t-1} to w_t. Implementations are deterministic functions of the seed and
 * the two models. Called from the round loop's thread only.
 */
public interface LayerSignificance {

    /** A short name for the run's records: {@code analytic} or {@code measured}. */
    String name();

    /**
     * The tables of the quantized tensors of {@code layout}, in the layout's order, for a round
     * configured on {@code current}.
     *
     * @param previous the model before the last aggregation, or null before the first one
     * @param current  the model the round starts from
     */
    List<LayerDistortion> tables(ModelLayout layout, GlobalModel previous, GlobalModel current, Widths widths);
}
