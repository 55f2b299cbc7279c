package org.fedqnn.server.strategy;

import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;

/**
 * The paper's algorithm (Algorithm 1): each round K of the N devices uniformly at random
 * ({@link DeviceSelector}), every one asked for the same n, the same uplink width m on every
 * quantized tensor, I steps of eta_t = beta / (t + gamma); w_{t+1} = w_t + (1/K') sum_k d_k,
 * eq. (8), over the K' updates received ({@link FedAvgAggregation}). Immutable and thread-safe.
 */
public final class PaperFedAvg implements FederatedStrategy {

    private final RunSettings settings;
    private final ModelLayout layout;
    private final List<ExpectedTensor> updateTensors;
    private final AggregatorChoice aggregator;

    /** The paper's algorithm as it is: eq. (8). */
    public PaperFedAvg(RunSettings settings, ModelLayout layout) {
        this(settings, layout, AggregatorChoice.FEDAVG);
    }

    /** The paper's selection and tasks, with {@code aggregator} in place of eq. (8). */
    public PaperFedAvg(RunSettings settings, ModelLayout layout, AggregatorChoice aggregator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.updateTensors = layout.updateTensors(settings.uplinkPrecision());
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    }

    @Override
    public String name() {
        return aggregator == AggregatorChoice.FEDAVG ? "fedavg" : "fedavg-selection, " + aggregator.label();
    }

    @Override
    public RoundPlan configure(long round, GlobalModel model) {
        int[] selected = DeviceSelector.select(settings.seed(), round, settings.devices(), settings.devicesPerRound());
        DeviceInstruction all = new DeviceInstruction(settings.trainingPrecision(), updateTensors,
                settings.localSteps(), settings.learningRateAt(model.round()), settings.batchSize());
        return RoundPlan.uniform(round, settings.devices(), selected, all);
    }

    @Override
    public Aggregation aggregation(RoundPlan plan) {
        return aggregator.create(layout);
    }
}
