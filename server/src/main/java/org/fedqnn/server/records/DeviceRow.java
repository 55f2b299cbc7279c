package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.DeviceEnergy;

/**
 * One row of {@code device-rounds.csv} (and one of the {@code devices} of a
 * {@code rounds.jsonl} line): what one selected device did in one round, its trailer's figures
 * and the ledger's entry for its update. The figures of the trailer and the ledger are absent
 * (null, or NaN for a real number) unless its update was received. Immutable.
 *
 * @param round  the round t
 * @param device the device index k
 * @param name   the name the device registered with (from outside: escaped in every file)
 * @param reason why it was rejected or late, or why its received update is suspect, empty otherwise
 * @param quantizationVariance the variance the quantization added to the device's delta, as its trailer
 *               reported it (the sum of E[(Q(x) - x)^2 | x] over the delta's values, 0 for float32); NaN (an
 *               empty cell) when it did not report one, and read back as NaN from files written before
 *               the column (the last, boxed, so that those files still read)
 */
public record DeviceRow(long round, int device, String name, DeviceOutcome.Status status, long bytesReceived,
                        long payloadBytes, Long samplesUsed, Integer localSteps,
                        @JsonProperty("compute_s") double computeSeconds, double meanLocalLoss,
                        Long forwardMacsPerSample, Long backwardMacsPerSample, double secondsToUpdate,
                        Long bytesSentByDevice, double meanSquaredGradientNorm, double gradientVariance, double macs,
                        @JsonProperty("compute_j") double computeJoules, Long uplinkBits, double channelGain,
                        @JsonProperty("rate_bps") double rateBitsPerSecond,
                        @JsonProperty("uplink_s") double uplinkSeconds,
                        @JsonProperty("uplink_j") double uplinkJoules, String reason,
                        Double quantizationVariance) {

    public DeviceRow {
        Objects.requireNonNull(name, "DeviceRow.name");
        Objects.requireNonNull(status, "DeviceRow.status");
        reason = Objects.requireNonNullElse(reason, "");
    }

    /** The row of device outcome {@code o} in round {@code round}. */
    public static DeviceRow of(long round, DeviceOutcome o) {
        UpdateReport u = o.report();
        DeviceEnergy e = o.energy();
        boolean reported = u != null;
        boolean priced = e != null;
        return new DeviceRow(round, o.device(), o.name(), o.status(), o.bytesReceived(), o.payloadBytes(),
                reported ? u.samplesUsed() : null, reported ? u.localSteps() : null,
                reported ? u.computeSeconds() : Double.NaN, reported ? u.meanLocalLoss() : Double.NaN,
                reported ? u.forwardMacsPerSample() : null, reported ? u.backwardMacsPerSample() : null,
                o.secondsToUpdate(), reported ? u.bytesSent() : null,
                reported ? u.meanSquaredGradientNorm() : Double.NaN, reported ? u.gradientVariance() : Double.NaN,
                priced ? e.macs() : Double.NaN, priced ? e.computeJoules() : Double.NaN,
                priced ? e.uplinkBits() : null, priced ? e.channelGain() : Double.NaN,
                priced ? e.rateBitsPerSecond() : Double.NaN, priced ? e.uplinkSeconds() : Double.NaN,
                priced ? e.uplinkJoules() : Double.NaN, o.reason(),
                reported ? u.quantizationVariance() : Double.NaN);
    }
}
