package org.fedqnn.server.records;

import org.fedqnn.server.TestSettings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.DeviceEnergy;
import org.fedqnn.server.measures.RoundEnergy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder keeps a report of every finished round, so a killed server loses none. */
class RunFolderTest {

    @TempDir
    Path dir;

    private static RoundRecord round(int t, double accuracy, RoundEnergy energy) {
        UpdateReport report = new UpdateReport(10, 20, 5, 3, 8, 1, 0.1, 1.0, 2.0, 0, 100);
        DeviceEnergy e = new DeviceEnergy(240, energy.computeJoules(), energy.uplinkBits(), 1e-4, 3e7, 0.01,
                energy.uplinkJoules());
        DeviceOutcome o = new DeviceOutcome(0, "d0", DeviceOutcome.Status.RECEIVED, energy.uplinkBits() / 8, 90,
                report, 0.5, "", e);
        BoundPoint b = new BoundPoint(t + 1, 2.0 - 0.1 * t, 2.0 - 0.1 * t, 5.0 / (t + 11), 1e4, 2.0, 0.5);
        return new RoundRecord(t, t, 1, 1, 0, 0, 0, true, 0.1, accuracy, 2.0 - 0.1 * t, 1.0, energy.uplinkBits() / 8,
                90, 0.01, 0.5, 0.001, 0.1, 1.0, List.of(o), energy, b);
    }

    @Test
    void theReportIsRewrittenAfterEveryRoundAndCompletedAtTheEnd() throws Exception {
        RunSettings s = TestSettings.settings(1, 1, 1, 8, 0);
        Path folder = dir.resolve("run");
        QnnNetwork net = s.model().create(Precision.fixed(8), 1); // ND4J is up before the manifest asks it
        try (RunFolder f = new RunFolder(folder, Manifest.of(s, "r", "paper-fedavg", 1234, 100, 100, Invocation.NONE),
                net)) {
            f.started(new Evaluation(2.3 * 100, 10, 100), new BoundPoint(0, 2.3, 2.3, 0.5, Double.NaN, Double.NaN,
                    Double.NaN), 1.0);
            f.roundEnded(round(0, 0.5, new RoundEnergy(0.01, 0.002, 800, 0.01, 0.002, 800)));
            String partial = Files.readString(folder.resolve("summary.md"));
            assertTrue(partial.contains("still running, or stopped before its end"), partial);
            assertTrue(partial.contains("| 1 |  | 1 / 1 | 50.00% |"), partial);
            for (String png : List.of("accuracy.png", "loss.png", "gap-vs-bound.png", "energy.png", "bits.png")) {
                assertTrue(Files.size(folder.resolve(png)) > 5000, png);
            }
            f.roundEnded(round(1, 0.6, new RoundEnergy(0.01, 0.003, 800, 0.02, 0.005, 1600)));
            assertTrue(Files.readString(folder.resolve("summary.md")).contains("| 2 |  | 1 / 1 | 60.00% |"));
            f.ended(new RunOutcome("maximum rounds (2)", true, 2, 2, 0.1, 0.6, 1.9, 0.6, 200, 3.0, null,
                    new RoundEnergy(0.02, 0.005, 1600, 0.02, 0.005, 1600), null));
            String done = Files.readString(folder.resolve("summary.md"));
            assertTrue(done.contains("| ended | maximum rounds (2) |"), done);
            assertFalse(done.contains("still running"), done);
            assertTrue(done.contains("| energy total (selected devices) | 0.02500 J |"), done);
            assertFalse(Files.exists(folder.resolve("summary.md.tmp")), "no temporary file left behind");
        }
    }
}
