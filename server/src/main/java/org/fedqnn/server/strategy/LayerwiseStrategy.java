package org.fedqnn.server.strategy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.fedqnn.qnn.alloc.Allocation;
import org.fedqnn.qnn.alloc.BitAllocator;
import org.fedqnn.qnn.alloc.LayerDistortion;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.checkpoint.CheckpointCodec;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfiles;

/**
 * Layer-wise precision for heterogeneous devices (FedLQ, docs/layerwise.md): the paper's K of N
 * selection, then for each selected device k an uplink width per quantized tensor, chosen by an
 * allocator under the device's budget for the round, budget_k = its uplink rate times the
 * upload window, less the bits of the tensors kept in float. The significance of a tensor is the
 * analytic proxy ({@link AnalyticLayerSignificance}, the default) or the measured loss rise
 * ({@link MeasuredLayerSignificance}), from the last aggregated step w_{t-1} to w_t; the tables
 * are the same for every device of a round. A device that cannot train at
 * the run's n trains at its own highest precision. Updates aggregate by eq. (8), exactly for any
 * mix of widths ({@link FedAvgAggregation}), or by a robust rule ({@link AggregatorChoice}).
 *
 * <p>Allocations depend only on the seed (selection, profiles, the measured significance's
 * draws) and the models, never on timing.
 * Not thread-safe: the round loop calls {@link #configure} from its one thread.
 */
public final class LayerwiseStrategy implements FederatedStrategy {

    private final RunSettings settings;
    private final ModelLayout layout;
    private final DeviceProfiles profiles;
    private final BitAllocator allocator;
    private final Widths widths;
    private final double uploadWindowSeconds;
    private final LayerSignificance significance;
    private final long floatBits;
    private final AggregatorChoice aggregator;
    private GlobalModel before;
    private GlobalModel last;

    /**
     * @param settings            the run (its n, I, B, learning rate, seed, N, K)
     * @param layout              the model's tensors
     * @param profiles            the N devices' profiles
     * @param allocator           how widths are chosen under a budget
     * @param widths              the widths a tensor may be sent at
     * @param uploadWindowSeconds the upload window a round allows each device, > 0
     */
    public LayerwiseStrategy(RunSettings settings, ModelLayout layout, DeviceProfiles profiles, BitAllocator allocator,
                             Widths widths, double uploadWindowSeconds) {
        this(settings, layout, profiles, allocator, widths, uploadWindowSeconds, new AnalyticLayerSignificance());
    }

    /** As above, with the tables of {@code significance}. */
    public LayerwiseStrategy(RunSettings settings, ModelLayout layout, DeviceProfiles profiles, BitAllocator allocator,
                             Widths widths, double uploadWindowSeconds, LayerSignificance significance) {
        this(settings, layout, profiles, allocator, widths, uploadWindowSeconds, significance, AggregatorChoice.FEDAVG);
    }

    /** As above, combining the accepted updates by {@code aggregator} instead of eq. (8). */
    public LayerwiseStrategy(RunSettings settings, ModelLayout layout, DeviceProfiles profiles, BitAllocator allocator,
                             Widths widths, double uploadWindowSeconds, LayerSignificance significance,
                             AggregatorChoice aggregator) {
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.significance = Objects.requireNonNull(significance, "significance");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.widths = Objects.requireNonNull(widths, "widths");
        if (settings.trainingPrecision().isFloat()) {
            throw new IllegalArgumentException("layer-wise widths need a fixed-point run (--bits 1..32), not float32");
        }
        if (profiles.size() != settings.devices()) {
            throw new IllegalArgumentException("need one device profile per device (N = " + settings.devices()
                    + "), got " + profiles.size());
        }
        if (!(uploadWindowSeconds > 0) || !Double.isFinite(uploadWindowSeconds)) {
            throw new IllegalArgumentException("the upload window must be finite and > 0 s, got " + uploadWindowSeconds);
        }
        this.uploadWindowSeconds = uploadWindowSeconds;
        long f = 0;
        for (ParameterInfo p : layout.parameters()) {
            if (!p.quantized()) {
                f = Math.addExact(f, Math.multiplyExact(p.length(), 32L));
            }
        }
        this.floatBits = f;
    }

    @Override
    public String name() {
        String base = "fedlq-" + allocator.name();
        String named = significance instanceof AnalyticLayerSignificance ? base : base + "-" + significance.name();
        return aggregator == AggregatorChoice.FEDAVG ? named : named + ", " + aggregator.label();
    }

    @Override
    public RoundPlan configure(long round, GlobalModel model) {
        if (last != null && model.round() > last.round()) {
            before = last;
        }
        last = model;
        List<LayerDistortion> tables = significance.tables(layout, before, model, widths);
        int[] selected = DeviceSelector.select(settings.seed(), round, settings.devices(), settings.devicesPerRound());
        DeviceInstruction[] instructions = new DeviceInstruction[selected.length];
        double lr = settings.learningRateAt(model.round());
        for (int i = 0; i < selected.length; i++) {
            DeviceProfile p = profiles.of(selected[i]);
            int[] bits = widthsFor(tables, Math.max(0, p.budgetBits(uploadWindowSeconds) - floatBits));
            instructions[i] = new DeviceInstruction(p.trainingPrecision(settings.trainingPrecision()),
                    layout.updateTensors(bits), settings.localSteps(), lr, settings.batchSize());
        }
        return new RoundPlan(round, settings.devices(), selected, instructions);
    }

    /** The width of every tensor (0 for those kept in float) under {@code budgetBits} for the quantized ones. */
    int[] widthsFor(List<LayerDistortion> tables, long budgetBits) {
        List<ParameterInfo> params = layout.parameters();
        int[] bits = new int[params.size()];
        if (tables.isEmpty()) {
            return bits;
        }
        Allocation a = allocator.allocate(tables, budgetBits);
        int q = 0;
        for (int i = 0; i < params.size(); i++) {
            bits[i] = params.get(i).quantized() ? a.width(q++) : 0;
        }
        return bits;
    }

    /** w_{t-1} and the model the last round was configured on, each present or not. */
    @Override
    public byte[] saveState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (GlobalModel m : new GlobalModel[] {before, last}) {
                out.writeBoolean(m != null);
                if (m != null) {
                    CheckpointCodec.writeModel(out, m);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void restoreState(byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            GlobalModel b = in.readBoolean() ? CheckpointCodec.readModel(in) : null;
            GlobalModel l = in.readBoolean() ? CheckpointCodec.readModel(in) : null;
            for (GlobalModel m : new GlobalModel[] {b, l}) {
                if (m != null && m.size() != layout.size()) {
                    throw new IOException("the checkpoint's layer-wise state has a model of " + m.size()
                            + " tensors, the run's model " + layout.size());
                }
            }
            if (in.available() != 0) {
                throw new IOException("the checkpoint's layer-wise state has " + in.available() + " bytes too many");
            }
            before = b;
            last = l;
        }
    }

    @Override
    public Aggregation aggregation(RoundPlan plan) {
        return aggregator.create(layout);
    }
}
