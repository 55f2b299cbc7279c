package org.fedqnn.cli;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of the table {@code fedqnn optimize --calibrate --out FILE} writes: one precision's
 * calibrated prediction ({@link CalibratedOptimize}) next to the paper's. Immutable.
 *
 * @param precision            "1".."16" or "float32"
 * @param bits                 n, 32 for float32
 * @param quantizationVariance q_t(n) of one update at the first pilot round, the model's quantization term
 * @param lemmaBound           Lemma 1's d / 2^(2n) (0 for float32)
 * @param lossFloor            F*(n) = F* + k_cap 2^(-2n), the capacity floor the recursion contracts towards at n
 * @param targetLoss           the training loss n is held to: the accuracy target through the n-dependent map
 *                             (or the --target-loss given, the same for every n)
 * @param calibratedRounds     T(n), the round the fitted recursion reaches the target; null when never
 * @param calibratedJoules     f_E(n) = T(n) E_round(n); infinite when never
 */
record CalibratedRow(String precision, int bits, double quantizationVariance, double lemmaBound,
                     double lossFloor, double targetLoss, Long calibratedRounds,
                     @JsonProperty("round_compute_j") double roundComputeJoules,
                     @JsonProperty("round_uplink_j") double roundUplinkJoules,
                     @JsonProperty("round_j") double roundJoules,
                     @JsonProperty("calibrated_f_E_j") double calibratedJoules, double paperRounds,
                     @JsonProperty("paper_f_E_j") double paperJoules) {
}
