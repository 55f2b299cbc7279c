package org.fedqnn.server;

import java.util.List;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.strategy.DeviceInstruction;
import org.fedqnn.server.strategy.FedAvgAggregation;
import org.fedqnn.server.strategy.RoundPlan;

/** Small fixtures for the unit tests of the base station's parts: a two-tensor model, plans, rounds. */
public final class Parts {

    private Parts() {
    }

    /** A weight [3, 2] of a quantized layer and a bias [2] of a float layer. */
    public static ModelLayout layout() {
        return new ModelLayout(List.of(new ParameterInfo("dense.weight", new long[] {3, 2}, true),
                new ParameterInfo("dense.bias", new long[] {2}, false)), Precision.fixed(8));
    }

    /** w_0: zeros, except 0.9 at the weight's first element (so clipping shows). */
    public static GlobalModel zeros() {
        float[] w = new float[6];
        w[0] = 0.9f;
        return new GlobalModel(0, new float[][] {w, new float[2]});
    }

    /** Round {@code round} of N devices with {@code selected} asked for the same at n = m = 8. */
    public static Round round(long round, int devices, int... selected) {
        ModelLayout layout = layout();
        RoundPlan plan = RoundPlan.uniform(round, devices, selected, new DeviceInstruction(Precision.fixed(8),
                layout.updateTensors(Precision.fixed(8)), 1, 0.1, 8));
        long now = System.nanoTime();
        return new Round(plan, zeros(), new FedAvgAggregation(layout), now, now + 10_000_000_000L);
    }

    /** A compliant trailer. */
    public static UpdateReport report() {
        return new UpdateReport(1000, 2000, 8, 10, 8, 1, 0.1, 2.0, 0, 0, 100);
    }

    /** A delta of the layout's shapes, every value {@code v}. */
    public static float[][] delta(float v) {
        return new float[][] {{v, v, v, v, v, v}, {v, v}};
    }
}
