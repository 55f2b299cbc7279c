package org.fedqnn.server;

/**
 * What happens when fewer than the quorum of updates arrived by a round's deadline: the round
 * never aggregates (w stays as it was), and then the run either goes on or stops.
 */
public enum BelowQuorum {
    /**
     * Go on with the next round (a new selection, the same w_t and eta_t); after
     * {@link RunSettings#maxRepeats()} such rounds in a row, stop.
     */
    REPEAT,
    /** Stop the run at once. */
    STOP
}
