package org.fedqnn.server.strategy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.records.RoundRecord;

/**
 * The paper's algorithm (Algorithm 1): each round K of the N devices uniformly at random
 * ({@link DeviceSelector}), every one asked for the same n, the same uplink width m on every
 * quantized tensor, I steps of eta_t = beta / (t + gamma); w_{t+1} = w_t + (1/K') sum_k d_k,
 * eq. (8), over the K' updates received ({@link FedAvgAggregation}). The n and m of each round
 * come from a {@link PrecisionPolicy} ({@link FixedPrecision}, the run's n and m, unless given
 * another), which sees every finished round; a policy may also select fewer than K devices in a
 * round ({@link RoundPrecision#participants}). Not thread-safe: the round loop calls
 * {@link #configure} and {@link #roundEnded} from its one thread.
 */
public final class PaperFedAvg implements FederatedStrategy {

    private final RunSettings settings;
    private final ModelLayout layout;
    private final AggregatorChoice aggregator;
    private final PrecisionPolicy policy;
    private RoundHistory history = RoundHistory.EMPTY;

    /** The paper's algorithm as it is: eq. (8). */
    public PaperFedAvg(RunSettings settings, ModelLayout layout) {
        this(settings, layout, AggregatorChoice.FEDAVG);
    }

    /** The paper's selection and tasks, with {@code aggregator} in place of eq. (8). */
    public PaperFedAvg(RunSettings settings, ModelLayout layout, AggregatorChoice aggregator) {
        this(settings, layout, aggregator, new FixedPrecision(new RoundPrecision(settings.trainingPrecision(),
                settings.uplinkPrecision())));
    }

    /** As above, each round's n and m chosen by {@code policy}. */
    public PaperFedAvg(RunSettings settings, ModelLayout layout, AggregatorChoice aggregator, PrecisionPolicy policy) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String name() {
        return aggregator == AggregatorChoice.FEDAVG ? "fedavg" : "fedavg-selection, " + aggregator.label();
    }

    @Override
    public RoundPlan configure(long round, GlobalModel model) {
        RoundPrecision p = policy.next(history);
        int[] selected = DeviceSelector.select(settings.seed(), round, settings.devices(),
                p.participantsOf(settings.devicesPerRound()));
        if (p.training().isFloat() != settings.trainingPrecision().isFloat()) {
            throw new IllegalStateException("precision policy " + policy.describe() + " asked " + p
                    + " in a run at " + settings.trainingPrecision() + ": it cannot switch float32 and fixed point");
        }
        List<ExpectedTensor> updateTensors = layout.updateTensors(p.uplink());
        DeviceInstruction all = new DeviceInstruction(p.training(), updateTensors,
                settings.localSteps(), settings.learningRateAt(model.round()), settings.batchSize());
        return RoundPlan.uniform(round, settings.devices(), selected, all);
    }

    @Override
    public void roundEnded(RoundRecord record) {
        history = history.with(FinishedRound.of(record));
    }

    /** The finished rounds the precision policy has seen, which it chooses each round's n and m from. */
    @Override
    public byte[] saveState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(history.size());
            for (FinishedRound r : history.rounds()) {
                r.write(out);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void restoreState(byte[] state) throws IOException {
        if (state.length == 0) {
            throw new IOException("the checkpoint holds no round history for strategy " + name());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int size = in.readInt();
            if (size < 0 || size > state.length) {
                throw new IOException("the checkpoint's round history claims " + size + " rounds in " + state.length
                        + " bytes");
            }
            RoundHistory h = RoundHistory.EMPTY;
            for (int i = 0; i < size; i++) {
                h = h.with(FinishedRound.read(in));
            }
            if (in.available() != 0) {
                throw new IOException("the checkpoint's round history has " + in.available() + " bytes too many");
            }
            history = h;
        } catch (java.io.EOFException e) {
            throw new IOException("the checkpoint's round history is truncated", e);
        }
    }

    @Override
    public String precisionPolicy() {
        return policy.describe();
    }

    @Override
    public Aggregation aggregation(RoundPlan plan) {
        return aggregator.create(layout);
    }
}
