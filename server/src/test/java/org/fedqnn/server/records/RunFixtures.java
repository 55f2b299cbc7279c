package org.fedqnn.server.records;

import java.util.List;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.DeviceEnergy;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.strategy.RoundPrecision;

/**
 * Two rounds as a base station records them, with the cells a run file must render exactly:
 * small, large, zero, negative and non-finite numbers, absent trailers and ledger entries, a
 * round that received nothing, and texts with a comma, a quote and spaces.
 */
final class RunFixtures {

    private RunFixtures() {
    }

    static List<RoundRecord> rounds() {
        UpdateReport a = new UpdateReport(1_234_567, 2_469_134, 208_330, 10, 640, 20, 1.2345678, 0.61234567,
                12.5, 0.0, 208_400, 91.36483357);
        UpdateReport b = new UpdateReport(40, 80, 5, 3, 8, 1, 12345.678, 1e-7, 3.0e-12, 1e15, 100);
        DeviceEnergy ea = new DeviceEnergy(2.5e12, 0.0123456789, 1_667_200, 3.2e-13, 1.5e7, 0.111111111,
                0.0111111111);
        DeviceEnergy eb = new DeviceEnergy(320, 1.0e-9, 800, 1.0, 123456789.0, 5.0e-5, -0.0);
        RoundRecord first = new RoundRecord(0, 1, 3, 2, 0, 1, 0, true, 0.1, 0.5, 2.3025851, 0.6, 209_300, 208_340,
                0.0123, 1.25, 0.000123, 0.5, 2.0, List.of(
                        new DeviceOutcome(0, "jvm0-device0", DeviceOutcome.Status.RECEIVED, 208_400, 208_330, a, 1.2,
                                "", ea),
                        new DeviceOutcome(1, "d,1 \"the second\"", DeviceOutcome.Status.RECEIVED, 900, 10, b, 0.75,
                                "", eb),
                        new DeviceOutcome(2, "jvm0-device2", DeviceOutcome.Status.REJECTED, 0, 0, null, Double.NaN,
                                "tensor \"conv1/W\": bits 8, expected 4", null)),
                new RoundEnergy(0.0123456799, 0.0111111111, 1_668_000, 0.0123456799, 0.0111111111, 1_668_000),
                new BoundPoint(1, 2.1, 2.1, 1234.5, 99.9, 12.5, 1e-300), RoundTime.NONE,
                new RoundPrecision(Precision.fixed(8), Precision.fixed(4)));
        RoundRecord second = new RoundRecord(1, 1, 3, 0, 1, 0, 2, false, 1.0 / 11, 0.8123, Double.POSITIVE_INFINITY,
                Double.NaN, 0, 0, 0.01, Double.NaN, 0.0, 0.25, 120.5, List.of(
                        new DeviceOutcome(0, "jvm0-device0", DeviceOutcome.Status.SILENT, 0, 0, null, Double.NaN, "",
                                null),
                        new DeviceOutcome(2, "jvm0-device2", DeviceOutcome.Status.LATE, 0, 0, null, Double.NaN,
                                "deadline passed (120 s)", null)),
                new RoundEnergy(0, 0, 0, 0.0123456799, 0.0111111111, 1_668_000),
                new BoundPoint(2, Double.NaN, -0.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN));
        return List.of(first, second);
    }
}
