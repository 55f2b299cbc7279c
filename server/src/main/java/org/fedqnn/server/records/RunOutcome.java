package org.fedqnn.server.records;

import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;

/**
 * How a run ended. Immutable.
 *
 * @param reason          why it stopped, in words (e.g. "maximum rounds (30)")
 * @param completed       true when a stop rule ended it, false on failure or interruption
 * @param rounds          rounds run
 * @param aggregations    rounds that updated the model
 * @param initialAccuracy test accuracy of w_0, NaN when the run never started
 * @param finalAccuracy   test accuracy of the final model
 * @param finalLoss       test loss of the final model
 * @param bestAccuracy    the best test accuracy after any round
 * @param uplinkBytes     serialized bytes of every accepted update
 * @param wallSeconds     from the first registration wait to the end
 * @param model           the final global model, or null when none
 * @param energy          the ledger's totals
 * @param bound           the last loss gap and bound, or null when the run never started
 */
public record RunOutcome(String reason, boolean completed, int rounds, int aggregations, double initialAccuracy,
                         double finalAccuracy, double finalLoss, double bestAccuracy, long uplinkBytes,
                         double wallSeconds, GlobalModel model, RoundEnergy energy, BoundPoint bound) {
}
