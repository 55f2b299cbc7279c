package org.fedqnn.server.measures;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.strategy.DeviceInstruction;
import org.junit.jupiter.api.Test;

/** The server's own costs of a task, and the check of a trailer against them. */
class ComplianceCostsTest {

    private static final ComplianceCosts COSTS = new ComplianceCosts(1000, 2000, 500, 300);
    private static final DeviceInstruction TASK = new DeviceInstruction(Precision.fixed(8), List.of(), 4, 0.1, 16);

    private static UpdateReport report(long forward, long samples, int steps) {
        return new UpdateReport(forward, 2000, 500, 300, samples, steps, 1.0, 0.5, 2.0, 1.0, 1000);
    }

    @Test
    void aCompliantTrailerPassesAndTheTaskIsCountedByTheServer() {
        assertDoesNotThrow(() -> COSTS.check(report(1000, 64, 4), TASK));
        assertEquals(64, ComplianceCosts.samples(TASK));
        assertEquals(3000.0 * 64, COSTS.taskMacs(TASK));
    }

    @Test
    void anyFigureThatDiffersIsRefusedNamingIt() {
        Refusal macs = assertThrows(Refusal.class, () -> COSTS.check(report(1001, 64, 4), TASK));
        assertEquals(Refusal.Kind.MALFORMED, macs.kind());
        assertEquals("UpdateTrailer.forward_macs_per_sample must be 1000 (what the task asks of the model), got 1001",
                macs.getMessage());
        Refusal samples = assertThrows(Refusal.class, () -> COSTS.check(report(1000, 65, 4), TASK));
        assertEquals("UpdateTrailer.samples_used must be 64 (what the task asks of the model), got 65",
                samples.getMessage());
        Refusal steps = assertThrows(Refusal.class, () -> COSTS.check(report(1000, 64, 5), TASK));
        assertEquals("UpdateTrailer.local_steps must be 4 (what the task asks of the model), got 5", steps.getMessage());
    }

    @Test
    void trailerFiguresAreBoundedSoNoArithmeticOnThemOverflows() {
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> report(1L << 62, 64, 4));
        assertEquals("UpdateTrailer.forward_macs_per_sample must be in 0..2^50, got 4611686018427387904",
                huge.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new UpdateReport(1, 1, 1, 1, 1, 1, 1, 1e300, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new UpdateReport(1, 1, 1, 1, 1, 1, 1, 1, 0, 1e300, 0));
        ComplianceCosts big = new ComplianceCosts(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 1, 1);
        assertThrows(ArithmeticException.class, () -> big.taskMacs(TASK), "the server's own product is checked too");
    }
}
