package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.RoundRecord;
import org.junit.jupiter.api.Test;

/** What a precision policy sees of a round's quantization variance: the mean of what its updates reported. */
class FinishedRoundTest {

    private static UpdateReport report(double quantizationVariance) {
        return new UpdateReport(10, 20, 30, 40, 160, 5, 0.25, 1.5, 0.5, 0.125, 1000, quantizationVariance);
    }

    private static DeviceOutcome received(int device, UpdateReport report) {
        return new DeviceOutcome(device, "d" + device, DeviceOutcome.Status.RECEIVED, 1000, 900, report, 1.0, "",
                null);
    }

    private static RoundRecord round(List<DeviceOutcome> devices) {
        return new RoundRecord(3, 3, devices.size(), devices.size(), 0, 0, 0, true, 0.1, 0.5, 1.2, 1.3, 3000, 2700,
                0, 1, 0, 0, 1, devices, new RoundEnergy(1, 2, 24_000, 1, 2, 24_000),
                new BoundPoint(4, 1.1, 1.1, 2, 3, 4, 5), null,
                new RoundPrecision(Precision.fixed(4), Precision.fixed(4)));
    }

    @Test
    void theQuantizationVarianceIsTheMeanOverTheUpdatesThatReportedIt() {
        FinishedRound r = FinishedRound.of(round(List.of(received(0, report(2.0)), received(1, report(4.5)),
                received(2, report(Double.NaN)), received(3, report(0.0)),
                new DeviceOutcome(4, "d4", DeviceOutcome.Status.REJECTED, 0, 0, null, Double.NaN, "bad", null))));
        assertEquals((2.0 + 4.5 + 0.0) / 3, r.quantizationVariance(), 1e-15,
                "a device that did not report it is left out; 0 (float32) is a figure");
        assertEquals(0.125, r.meanGradientVariance(), 1e-15);
    }

    @Test
    void noReportedFigureIsNaNAndTheCheckpointKeepsTheFigure() throws IOException {
        FinishedRound none = FinishedRound.of(round(List.of(received(0, report(Double.NaN)))));
        assertTrue(Double.isNaN(none.quantizationVariance()), "old devices: unknown");
        FinishedRound some = FinishedRound.of(round(List.of(received(0, report(7.25)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            some.write(out);
            none.write(out);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(some, FinishedRound.read(in));
            assertEquals(none, FinishedRound.read(in));
        }
    }
}
