package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.strategy.RoundPrecision;

/**
 * One row of {@code rounds.csv} (and the {@code round} of a {@code rounds.jsonl} line): a
 * round's counts, times, test figures, loss gap and bound, and the ledger's line, as the base
 * station wrote it. The columns are the components, in order; see {@link RoundRecord} for what
 * each measures. Read back, a number written as an empty cell (or null) is NaN. Immutable.
 *
 * @param uplinkBitsPerUpdate 8 uplink bytes over the updates received, null when none was
 * @param trainingN           the round's training precision n (the largest of its devices under layer-wise
 *                            widths), 32 for float32; null in files written before it was recorded
 * @param uplinkM             the round's uplink width m (the widest fixed-point tensor), 32 for float32; null
 *                            likewise
 */
public record RoundRow(long round, long modelVersion, int selected, int received, int late, int rejected, int silent,
                       boolean aggregated, double learningRate, double testAccuracy, double testLoss,
                       double meanLocalLoss, long uplinkBytes, long uplinkPayloadBytes, Long uplinkBitsPerUpdate,
                       @JsonProperty("download_s") double downloadSeconds,
                       @JsonProperty("slowest_device_s") double slowestDeviceSeconds,
                       @JsonProperty("aggregation_s") double aggregationSeconds,
                       @JsonProperty("evaluation_s") double evaluationSeconds,
                       @JsonProperty("round_s") double roundSeconds,
                       double trainingLoss, double lossGap, double boundPaper, double boundEstimated,
                       @JsonProperty("estimated_G") double estimatedG, double estimatedMeanSigmaSquared,
                       @JsonProperty("compute_j") double computeJoules,
                       @JsonProperty("uplink_j") double uplinkJoules, long uplinkBits,
                       @JsonProperty("cumulative_compute_j") double cumulativeComputeJoules,
                       @JsonProperty("cumulative_uplink_j") double cumulativeUplinkJoules,
                       long cumulativeUplinkBits, Integer trainingN, Integer uplinkM) {

    /** The row of round {@code r}. */
    public static RoundRow of(RoundRecord r) {
        BoundPoint b = r.bound();
        RoundEnergy e = r.energy();
        return new RoundRow(r.round(), r.modelVersion(), r.selected(), r.received(), r.late(), r.rejected(),
                r.silent(), r.aggregated(), r.learningRate(), r.testAccuracy(), r.testLoss(), r.meanLocalLoss(),
                r.uplinkBytes(), r.uplinkPayloadBytes(), r.received() == 0 ? null : 8 * r.uplinkBytes() / r.received(),
                r.downloadSeconds(), r.slowestDeviceSeconds(), r.aggregationSeconds(), r.evaluationSeconds(),
                r.roundSeconds(), b.trainingLoss(), b.gap(), b.paperBound(), b.estimatedBound(), b.gradientBoundG(),
                b.meanSigmaSquared(), e.computeJoules(), e.uplinkJoules(), e.uplinkBits(), e.cumulativeComputeJoules(),
                e.cumulativeUplinkJoules(), e.cumulativeUplinkBits(),
                r.precision() == null ? null : r.precision().training().wireBits(),
                r.precision() == null ? null : r.precision().uplink().wireBits());
    }

    /**
     * The record this row was written from, less its devices and time model (for the report of a
     * resumed run; a row of {@code rounds.jsonl} keeps full precision), with its n and m when the
     * row has them.
     */
    public RoundRecord record() {
        return new RoundRecord(round, modelVersion, selected, received, late, rejected, silent, aggregated,
                learningRate, testAccuracy, testLoss, meanLocalLoss, uplinkBytes, uplinkPayloadBytes, downloadSeconds,
                slowestDeviceSeconds, aggregationSeconds, evaluationSeconds, roundSeconds, List.of(),
                new RoundEnergy(computeJoules, uplinkJoules, uplinkBits, cumulativeComputeJoules,
                        cumulativeUplinkJoules, cumulativeUplinkBits),
                new BoundPoint(modelVersion + (aggregated ? 1 : 0), trainingLoss, lossGap, boundPaper, boundEstimated,
                        estimatedG, estimatedMeanSigmaSquared), RoundTime.NONE,
                trainingN == null || uplinkM == null ? null
                        : new RoundPrecision(precisionOf(trainingN), precisionOf(uplinkM)));
    }

    /** A width as the row holds it: 32 is float32 (a run at fixed-point n = 32 reads back as float32). */
    private static Precision precisionOf(int bits) {
        return bits == 32 ? Precision.float32() : Precision.fixed(bits);
    }

    /** The ledger's compute plus uplink joules of the run up to and with this round. */
    public double cumulativeJoules() {
        return cumulativeComputeJoules + cumulativeUplinkJoules;
    }

    /** Every row of a {@code rounds.csv}. */
    public static List<RoundRow> read(Path file) throws IOException {
        return CsvTable.read(file, RoundRow.class);
    }
}
