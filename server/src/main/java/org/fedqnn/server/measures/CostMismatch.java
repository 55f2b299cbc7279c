package org.fedqnn.server.measures;

/**
 * What the base station does with a trailer whose counts are not those a compliant device
 * executes for its task ({@link ComplianceCosts}). Either way the ledger charges the server's
 * own counts, never the device's.
 */
public enum CostMismatch {
    /** Refuse the update with INVALID_ARGUMENT naming the first figure that differs (the default). */
    REFUSE,
    /**
     * Accept the update and record the disagreement as the reason of its row in the run files
     * ({@code suspect: ...}), for a fleet whose devices count differently but train honestly.
     */
    SUSPECT
}
