package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.junit.jupiter.api.Test;

/** {@code fedqnn sweep --policies}: the list, the ceiling, and the verdict's line per policy. */
class SweepPoliciesTest {

    @Test
    void theListSplitsAtPoliciesNotAtTheirParameters() {
        assertEquals(List.of("loss-driven", "energy-aware:every=3,margin=0"),
                SweepPolicies.parse("loss-driven, energy-aware:every=3,margin=0"));
        assertEquals(List.of("loss-driven:window=1,threshold=0.99", "energy-aware"),
                SweepPolicies.parse("loss-driven:window=1,threshold=0.99,energy-aware"));
        assertEquals(List.of(), SweepPolicies.parse(null));
        for (String bad : List.of("fixed", "greedy", "energy-aware,energy-aware:every=2", "")) {
            assertThrows(IllegalArgumentException.class, () -> SweepPolicies.parse(bad), bad);
        }
        assertEquals("energy-aware", SweepPolicies.label("energy-aware:every=3"));
        assertTrue(SweepPolicies.isPolicy("loss-driven") && !SweepPolicies.isPolicy("4")
                && !SweepPolicies.isPolicy("float32"));
        assertEquals(Precision.fixed(16), SweepPolicies.ceiling(List.of(Precision.FLOAT32, Precision.fixed(4),
                Precision.fixed(16), Precision.fixed(8)), null));
        assertEquals(Precision.fixed(6), SweepPolicies.ceiling(List.of(Precision.fixed(4)), Precision.fixed(6)));
        assertThrows(IllegalArgumentException.class, () -> SweepPolicies.ceiling(List.of(Precision.FLOAT32), null));
    }

    @Test
    void theVerdictSetsEachPolicyBesideTheBestFixedN() {
        SweepSummaryRow n4 = row("4", 4, 3, 3, 10.0, 0.81);
        SweepSummaryRow n8 = row("8", 8, 3, 3, 16.0, 0.82);
        SweepSummaryRow energy = row("energy-aware", 8, 3, 3, 7.0, 0.815);
        SweepSummaryRow loss = row("loss-driven", 8, 3, 2, 12.0, 0.80);
        assertEquals(n4, SweepVerdict.measuredBest(List.of(n4, n8, energy, loss)), "a policy is never the best n");
        StringBuilder sb = new StringBuilder();
        SweepVerdict.policies(sb, List.of(n4, n8, energy, loss), n4);
        assertEquals("- Policy energy-aware: reached the target in 3 of 3 runs, 7.000 J to target (mean), 0.70x the "
                + "best fixed n = 4 (10.00 J); mean final accuracy 81.50% against 81.00% at n = 4.\n"
                + "- Policy loss-driven: reached the target in 2 of 3 runs, 12.00 J to target (mean), 1.20x the best "
                + "fixed n = 4 (10.00 J) (over the runs that reached it only); mean final accuracy 80.00% against "
                + "81.00% at n = 4.\n", sb.toString());
    }

    private static SweepSummaryRow row(String label, double bits, int runs, int reached, double joules,
                                       double accuracy) {
        return new SweepSummaryRow("training", label, bits, runs, reached, 5, 1, 4, 6, joules, 1, joules - 1,
                joules + 1, 1e6, 1e5, 9e5, 1.1e6, accuracy);
    }
}
