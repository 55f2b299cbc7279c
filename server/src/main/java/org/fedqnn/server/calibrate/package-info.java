/**
 * The calibrated predictor of rounds and joules to target (docs/calibrated-predictor.md): the
 * loss recursion behind Proposition 1 with its constants fitted on measured rounds, the
 * quantization variance of eq. (4) computed for the measured delta size, and the ledger's joules
 * per round; offline from pilot run folders ({@link org.fedqnn.server.calibrate.PilotRuns}) or
 * online, a round at a time ({@link org.fedqnn.server.calibrate.CalibratedPredictor}).
 */
package org.fedqnn.server.calibrate;
