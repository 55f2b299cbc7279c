package org.fedqnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Precision;

/**
 * A sweep's measured runs and predictions with the cells {@code sweep.csv} must render exactly:
 * a run that reached its target, one that did not, and NaN predictions.
 */
final class SweepFixtures {

    private SweepFixtures() {
    }

    static List<SweepReport.Measured> measured() {
        double[] none = {};
        return List.of(
                new SweepReport.Measured("float32", Precision.parse("float"), 32, 1, Path.of("run-float32"), "target",
                        12.5, 7, 5, 0.123456789, 0.1, 0.023456789, 1.2e9, 0.81, 0.8123, 0.2, 1.5e9, 12.25, 0.5, none,
                        none),
                new SweepReport.Measured("4", Precision.parse("4"), 4, 1, Path.of("run-n4"), "maximum rounds (2)", 3.0,
                        2, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.25, 0.3, 1e-5, 2_000_000, Double.NaN,
                        Double.NaN, none, none));
    }

    static SweepReport.Prediction prediction() {
        return new SweepReport.Prediction(List.of(new SweepReport.Predicted(123.4, 5.6789e-3, Double.NaN, Double.NaN),
                new SweepReport.Predicted(1e6, 0.5, 33.0, -1.0)), null, null, null, null, 0, null, null, null);
    }
}
