package org.fedqnn.server.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.fedqnn.server.Parts;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.Round;
import org.fedqnn.server.measures.DeviceEnergy;
import org.fedqnn.server.records.DeviceOutcome;
import org.junit.jupiter.api.Test;

/** The intake without gRPC: header checks, upload slots, and what a failure inside it releases. */
class IntakeTest {

    private final Object lock = new Object();
    private final AtomicBoolean pricingFails = new AtomicBoolean();

    private Intake intake(int slots) {
        return new Intake(lock, slots, (round, device, training, report, bytes) -> {
            if (pricingFails.get()) {
                throw new ArithmeticException("long overflow (injected)");
            }
            return new Priced(new DeviceEnergy(1, 1, 8 * bytes, 1, 1, 1, 1), "");
        }, k -> "device-" + k);
    }

    @Test
    void aHeaderIsCheckedAgainstTheOpenRound() {
        Intake in = intake(4);
        Round r = Parts.round(2, 4, 1, 3);
        assertEquals(Refusal.Kind.PRECONDITION, assertThrows(Refusal.class, () -> in.begin(null, 1, 2)).kind());
        assertEquals(Refusal.Kind.PRECONDITION, assertThrows(Refusal.class, () -> in.begin(r, 1, 1)).kind());
        Refusal notSelected = assertThrows(Refusal.class, () -> in.begin(r, 0, 2));
        assertTrue(notSelected.getMessage().contains("not selected"), notSelected.getMessage());
        UpdateSubmission s = in.begin(r, 1, 2);
        assertEquals(Refusal.Kind.DUPLICATE, assertThrows(Refusal.class, () -> in.begin(r, 1, 2)).kind());
        s.accept(0, 0, Parts.delta(0.1f)[0]);
        s.accept(1, 0, Parts.delta(0.1f)[1]);
        s.complete(Parts.report(), 100, 50, 0.5);
        assertEquals(Refusal.Kind.DUPLICATE, assertThrows(Refusal.class, () -> in.begin(r, 1, 2)).kind());
        r.close();
        assertEquals(Refusal.Kind.LATE, assertThrows(Refusal.class, () -> in.begin(r, 3, 2)).kind());
    }

    @Test
    void anAcceptedUpdateReachesTheAggregationWithItsRecord() {
        Intake in = intake(4);
        Round r = Parts.round(0, 2, 0, 1);
        UpdateSubmission s = in.begin(r, 1, 0);
        assertEquals(1, in.streaming());
        s.accept(0, 0, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f});
        s.accept(1, 0, new float[] {0.25f, 0.25f});
        s.complete(Parts.report(), 100, 50, 0.5);
        assertEquals(0, in.streaming());
        assertEquals(1, r.aggregation().count());
        assertEquals(1, r.received());
        DeviceOutcome o = r.outcome(1);
        assertEquals("device-1", o.name());
        assertEquals(DeviceOutcome.Status.RECEIVED, o.status());
        assertEquals(800, o.energy().uplinkBits());
        assertEquals(0.5, o.uploadSeconds(), "the measured upload time is kept");
        assertEquals(1f, r.aggregation().next(r.model()).tensor(0)[0], "0.9 + 0.5 clipped to 1");
    }

    @Test
    void uploadSlotsAreLimitedAndEveryEndReleasesOne() {
        Intake in = intake(1);
        Round r = Parts.round(0, 3, 0, 1, 2);
        UpdateSubmission first = in.begin(r, 0, 0);
        assertEquals(Refusal.Kind.BUSY, assertThrows(Refusal.class, () -> in.begin(r, 1, 0)).kind());
        first.fail("the stream broke off", false);
        assertEquals(0, in.streaming());
        assertNull(r.refusal(0), "a stream broken off while the round is open is no answer");
        UpdateSubmission second = in.begin(r, 1, 0);
        second.fail("bad chunk", true);
        assertEquals("bad chunk", r.refusal(1));
        in.begin(r, 2, 0);
        assertEquals(1, in.streaming());
    }

    @Test
    void aValueOutOfRangeIsRefusedAndChangesNothing() {
        Intake in = intake(2);
        Round r = Parts.round(0, 2, 0, 1);
        UpdateSubmission s = in.begin(r, 0, 0);
        float[][] d = Parts.delta(0.1f);
        d[1][1] = Float.NaN;
        s.accept(0, 0, d[0]);
        s.accept(1, 0, d[1]);
        Refusal e = assertThrows(Refusal.class, () -> s.complete(Parts.report(), 10, 5, 0.5));
        assertEquals(Refusal.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("dense.bias"), e.getMessage());
        assertEquals(0, in.streaming());
        assertEquals(0, r.aggregation().count());
        assertNotNull(r.refusal(0));
    }

    @Test
    void anExceptionWhilePricingRefusesTheOneUpdateAsInternalAndReleasesItsSlot() {
        Intake in = intake(1);
        Round r = Parts.round(0, 2, 0, 1);
        UpdateSubmission s = in.begin(r, 0, 0);
        s.accept(0, 0, Parts.delta(0.1f)[0]);
        s.accept(1, 0, Parts.delta(0.1f)[1]);
        pricingFails.set(true);
        Refusal e = assertThrows(Refusal.class, () -> s.complete(Parts.report(), 10, 5, 0.5));
        assertEquals(Refusal.Kind.INTERNAL, e.kind());
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertEquals(0, in.streaming(), "the upload slot is free again");
        assertEquals(0, r.aggregation().count(), "nothing of it was added");
        assertTrue(r.refusal(0).contains("injected"), "the device's answer is recorded as refused");
        assertThrows(IllegalStateException.class, () -> s.complete(Parts.report(), 10, 5, 0.5),
                "an ended submission holds nothing: a second end is refused");
        pricingFails.set(false);
        UpdateSubmission other = in.begin(r, 1, 0);
        other.accept(0, 0, Parts.delta(0.1f)[0]);
        other.accept(1, 0, Parts.delta(0.1f)[1]);
        other.complete(Parts.report(), 10, 5, 0.5);
        assertEquals(1, r.aggregation().count());
        assertTrue(r.allAnswered());
    }
}
