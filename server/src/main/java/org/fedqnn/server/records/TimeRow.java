package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fedqnn.server.measures.RoundTime;

/**
 * One line of {@code times.csv}: a round's test accuracy next to its modelled time and the run's
 * modelled time so far, the time-to-accuracy curve ({@link RoundTime}; modelled, not measured).
 *
 * @param round                    the round number
 * @param testAccuracy             after the round
 * @param modelledRoundSeconds     the slowest accepted device's compute plus upload time
 * @param cumulativeModelledSeconds the run's so far
 * @param roundSeconds             the round's measured wall time, for comparison
 */
public record TimeRow(long round, double testAccuracy, @JsonProperty("modelled_round_s") double modelledRoundSeconds,
                      @JsonProperty("cumulative_modelled_s") double cumulativeModelledSeconds,
                      @JsonProperty("measured_round_s") double roundSeconds) {

    /** The row of {@code r}. */
    public static TimeRow of(RoundRecord r) {
        return new TimeRow(r.round(), r.testAccuracy(), r.time().modelledSeconds(),
                r.time().cumulativeModelledSeconds(), r.roundSeconds());
    }
}
