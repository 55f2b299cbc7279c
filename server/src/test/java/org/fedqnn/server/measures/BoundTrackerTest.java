package org.fedqnn.server.measures;

import java.util.List;
import org.fedqnn.server.TestSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.intake.UpdateReport;
import org.junit.jupiter.api.Test;

/** The bound next to a run, eqs. (20)-(21) written out for the run's N, K, I, d and n. */
class BoundTrackerTest {

    /** v of eq. (21) with G read as a bound on the squared norm. */
    private static double v(double sigma2, double g, double n, long d, int bigN, int k, int steps) {
        return sigma2 / bigN + d / Math.pow(2, 2 * n) * (1 + 2.0 * steps * g / k)
                + 4.0 * (steps - 1) * (steps - 1) * g + 4.0 * (bigN - k) / (k * (bigN - 1.0)) * steps * steps * g;
    }

    private static UpdateReport report(double squaredNorm, double variance) {
        return new UpdateReport(1, 1, 1, 1, 1, 4, 0, 1, squaredNorm, variance, 0);
    }

    @Test
    void paperAndEstimatedBoundsFollowEq20WithTheRunsGammaAndTheReportedGradients() {
        RunSettings s = TestSettings.settings(6, 3, 4, 8, 0.7); // N = 6, K = 3, I = 4, n = 8, F* = 0.7
        long d = 1000;
        BoundTracker tracker = new BoundTracker(s, d);
        double gamma = s.learningRate().gamma();
        Evaluation loss = new Evaluation(2.5 * 10, 3, 10); // mean loss 2.5

        BoundPoint before = tracker.point(0, loss);
        assertEquals(2.5, before.trainingLoss(), 1e-12);
        assertEquals(2.5 - 0.7, before.gap(), 1e-12);
        double paperV = v(1, 0.02, 8, d, 6, 3, 4);
        assertEquals(0.5 * paperV / (0 + gamma), before.paperBound(), 1e-12);
        assertTrue(Double.isNaN(before.estimatedBound()), "no gradients reported yet");
        assertNull(tracker.estimated());

        tracker.observeRound(List.of(report(3.0, 0.5), report(5.0, 1.5),
                report(0, 0))); // not measured: skipped
        tracker.observeRound(List.of(report(4.0, 2.0), report(6.0, 1.0), report(1e14, 1e14))); // one hostile device
        BoundPoint after = tracker.point(7, loss);
        assertEquals(6.0, after.gradientBoundG(), "G: the largest of the rounds' medians (4 and 6)");
        assertEquals((1.0 + 2.0) / 2, after.meanSigmaSquared(), 1e-12, "sigma^2: the mean of the rounds' medians");
        assertEquals(0.5 * v(1.5, 6.0, 8, d, 6, 3, 4) / (7 + gamma), after.estimatedBound(), 1e-9);
        assertEquals(0.5 * paperV / (7 + gamma), after.paperBound(), 1e-12);
    }
}
