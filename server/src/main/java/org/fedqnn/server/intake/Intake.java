package org.fedqnn.server.intake;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.Round;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.strategy.DeviceInstruction;

/**
 * Takes an update from its header to accepted or refused. {@link #begin} checks the header
 * against the open round (current round, selected, open, not a duplicate, not more streams
 * than the server stages) and gives the stream an upload slot and a staging buffer
 * ({@link UpdateSubmission}); {@link #commit} checks the whole delta with the round's
 * aggregation, prices it, and adds it; {@link #abandon} ends a stream that failed. Whatever
 * happens in between, an exception included, the slot is released exactly once and a refused
 * update changes nothing. Guarded by the round loop's lock; thread-safe.
 */
public final class Intake {

    /** The reason recorded for an update that missed the deadline. */
    public static final String LATE = "still streaming at the deadline";

    /**
     * What an accepted update costs, per the energy ledger, and whether it is suspect; throws a
     * {@link Refusal} to refuse it. May run on any thread.
     */
    @FunctionalInterface
    public interface Pricing {
        Priced price(long round, int device, DeviceInstruction instruction, UpdateReport report, long bytesReceived);
    }

    private final Object lock;
    private final int maxConcurrentUploads;
    private final Pricing pricing;
    private final IntFunction<String> names;
    private int streamingTotal;

    /**
     * @param lock                 the round loop's lock, notified whenever a device answered
     * @param maxConcurrentUploads updates staged at once
     * @param pricing              the ledger's entry for an accepted update
     * @param names                the name of a device index, for the records
     */
    public Intake(Object lock, int maxConcurrentUploads, Pricing pricing, IntFunction<String> names) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.maxConcurrentUploads = maxConcurrentUploads;
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.names = Objects.requireNonNull(names, "names");
    }

    /**
     * Opens the stream of device {@code device}'s update for {@code roundNumber} in the state
     * {@code r} (the open or last round, null before the first). The caller checked the session.
     *
     * @throws Refusal PRECONDITION (wrong round, not selected), DUPLICATE (already received or
     *     streaming), LATE (the round closed), BUSY (too many streams)
     */
    public UpdateSubmission begin(Round r, int device, long roundNumber) {
        synchronized (lock) {
            if (r == null || roundNumber != r.number()) {
                String current = r == null ? "none is open" : "the current round is " + r.number();
                throw new Refusal(Refusal.Kind.PRECONDITION, "UpdateHeader.round must be the current round, got "
                        + roundNumber + " (" + current + ")");
            }
            if (!r.plan().isSelected(device)) {
                throw new Refusal(Refusal.Kind.PRECONDITION, "device " + device + " is not selected in round "
                        + r.number() + " (selected: " + Arrays.toString(r.plan().selected()) + ")");
            }
            if (!r.isOpen()) {
                throw new Refusal(Refusal.Kind.LATE, "round " + r.number() + " closed at its deadline");
            }
            if (r.outcome(device) != null) {
                throw new Refusal(Refusal.Kind.DUPLICATE, "device " + device + " already delivered its update for round "
                        + r.number());
            }
            if (r.isStreaming(device)) {
                throw new Refusal(Refusal.Kind.DUPLICATE, "an update of device " + device + " for round " + r.number()
                        + " is already streaming");
            }
            if (streamingTotal >= maxConcurrentUploads) {
                throw new Refusal(Refusal.Kind.BUSY, "the server already receives " + streamingTotal
                        + " updates (its limit); retry shortly");
            }
            r.startStreaming(device);
            streamingTotal++;
            return new UpdateSubmission(this, r, device);
        }
    }

    /** Updates streaming now, each holding an upload slot. */
    public int streaming() {
        synchronized (lock) {
            return streamingTotal;
        }
    }

    /**
     * The whole update arrived: checks it, prices it and adds it to the round's aggregation.
     * Called by {@link UpdateSubmission#complete}.
     *
     * @throws Refusal MALFORMED (a value out of range, or a trailer whose costs are not what the
     *     task asks), LATE (the round closed meanwhile), or
     *     INTERNAL (the check, the pricing or the aggregation failed; nothing was added)
     */
    void commit(Round r, int device, float[][] delta, UpdateReport report, long bytesReceived, long payloadBytes,
                double uploadSeconds, long endNanos) {
        String problem;
        Priced priced = null;
        try {
            problem = r.aggregation().problemWith(device, delta);
            if (problem == null) {
                priced = pricing.price(r.number(), device, r.plan().instruction(device), report, bytesReceived);
            }
        } catch (Refusal e) {
            refuse(r, device, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            refuse(r, device, "the server could not take the update: " + e);
            throw new Refusal(Refusal.Kind.INTERNAL, "the server could not take the update of device " + device
                    + " for round " + r.number() + ": " + e);
        }
        synchronized (lock) {
            release(r, device);
            try {
                if (problem != null) {
                    r.refuse(device, problem);
                    throw new Refusal(Refusal.Kind.MALFORMED, problem);
                }
                if (!r.isOpen()) {
                    r.refuse(device, LATE);
                    throw new Refusal(Refusal.Kind.LATE, "round " + r.number() + " closed at its deadline before the "
                            + "update of device " + device + " was complete");
                }
                try {
                    r.aggregation().add(device, delta);
                } catch (RuntimeException e) {
                    r.refuse(device, "the server could not aggregate the update: " + e);
                    throw new Refusal(Refusal.Kind.INTERNAL, "the server could not aggregate the update of device "
                            + device + " for round " + r.number() + ": " + e);
                }
                r.accept(device, new DeviceOutcome(device, names.apply(device), DeviceOutcome.Status.RECEIVED, bytesReceived,
                        payloadBytes, report, (endNanos - r.startNanos()) / 1e9, priced.suspect(), priced.energy(),
                        uploadSeconds));
            } finally {
                lock.notifyAll();
            }
        }
    }

    /** A stream failed; called by {@link UpdateSubmission#fail}. */
    void abandon(Round r, int device, String reason, boolean malformed) {
        synchronized (lock) {
            release(r, device);
            if (malformed) {
                r.refuse(device, reason);
            } else if (!r.isOpen()) {
                r.refuse(device, LATE);
            }
            // a stream broken off while the round is open is no answer: the device may still send in time
            lock.notifyAll();
        }
    }

    private void refuse(Round r, int device, String reason) {
        synchronized (lock) {
            release(r, device);
            r.refuse(device, reason);
            lock.notifyAll();
        }
    }

    private void release(Round r, int device) {
        r.stopStreaming(device);
        streamingTotal--;
    }
}
