package org.fedqnn.server.records;

import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.measures.BoundPoint;

/**
 * Told what a run does, in order, from the coordinator's thread: the initial model's test
 * figures, then every round, then the end. Run folders and console lines implement it.
 */
public interface RunListener {

    /** All N devices registered and w_0 was evaluated (on the test set, and its loss gap). */
    default void started(Evaluation initial, BoundPoint initialBound, double registrationSeconds) {
    }

    /**
     * In place of {@link #started}: the run continues from a checkpoint after {@code rounds}
     * rounds, w_0's figures as the run first had them.
     */
    default void resumed(Evaluation initial, BoundPoint initialBound, long rounds) {
    }

    /** A round ended (also one below quorum). */
    default void roundEnded(RoundRecord record) {
    }

    /** The run ended. */
    default void ended(RunOutcome outcome) {
    }
}
