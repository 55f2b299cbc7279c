package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.ModelFile;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.BelowQuorum;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.grpc.BaseStation;
import org.fedqnn.server.grpc.ServerTransport;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceOutcome;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.DeviceTimeRow;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.records.TimeRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real federated runs: a base station and two device JVMs on loopback sockets, paper-cnn on
 * real Fashion-MNIST. Each run is bounded by its rounds and deadlines and stops by itself.
 */
class FederatedRunTest {

    @TempDir
    static Path temp;

    @BeforeAll
    static void needsData() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
    }

    private static String[] runArgs(Path out) {
        return new String[] {"run", "--model", "paper-cnn", "--bits", "8", "--devices", "4", "--per-round", "3",
                "--local-steps", "10", "--rounds", "4", "--test-limit", "1000", "--seed", "5", "--device-jvms", "2",
                "--device-heap", "1g", "--out", out.toString()};
    }

    /**
     * A run learns and sends n bits per value; then {@code run --config} its manifest repeats it:
     * the same model, and the same rounds.csv and device-rounds.csv but for the wall times (and
     * which device JVM registered first).
     */
    @Test
    void runLearnsSendsNBitsPerValueAndItsManifestRepeatsIt() throws IOException {
        Path first = temp.resolve("first");
        MainTest.Result r = MainTest.run(runArgs(first));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("run folder  " + first.toAbsolutePath()), r.out());
        for (String f : List.of("manifest.json", "devices.jsonl", "rounds.csv", "rounds.jsonl", "device-rounds.csv",
                "model.fqnn", "summary.md", "device-jvm-0.log", "device-jvm-1.log")) {
            assertTrue(Files.isRegularFile(first.resolve(f)), f + " missing");
        }

        List<RoundRow> rounds = RoundRow.read(first.resolve("rounds.csv"));
        assertEquals(4, rounds.size());
        String initial = r.out().lines().filter(l -> l.startsWith("registered")).findFirst().orElseThrow();
        double initialAccuracy = Double.parseDouble(initial.replaceAll(".*initial test acc ([0-9.]+)%.*", "$1")) / 100;
        double finalAccuracy = rounds.get(3).testAccuracy();
        assertTrue(finalAccuracy > initialAccuracy + 0.15, "accuracy should rise: " + initialAccuracy + " -> "
                + finalAccuracy);
        for (RoundRow row : rounds) {
            assertEquals(3, row.received(), "every selected device delivered: " + row);
        }

        // bytes on the wire: d * n / 8 of packed codes plus a fixed framing per update
        long d = QnnNetwork.create(ModelSpecs.paperCnn(), ModelSpecs.MNIST_INPUT,
                org.fedqnn.qnn.train.QnnConfig.paper(8), 1).parameterCount();
        List<DeviceRow> deviceRounds = CsvTable.read(first.resolve("device-rounds.csv"), DeviceRow.class);
        assertEquals(12, deviceRounds.size());
        for (DeviceRow row : deviceRounds) {
            assertTrue(row.payloadBytes() >= d && row.payloadBytes() <= d + 8 * 8, "payload " + row.payloadBytes()
                    + " vs d*n/8 = " + d);
            assertTrue(row.bytesReceived() - d <= 0.01 * d + 1024, "update of " + row.bytesReceived()
                    + " bytes vs d*n/8 = " + d);
        }

        assertLedgerAndReport(first, rounds, deviceRounds);

        Path second = temp.resolve("second");
        MainTest.Result again = MainTest.run("run", "--config", first.resolve("manifest.json").toString(), "--out",
                second.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(Manifest.read(first).options(), Manifest.read(second).options(), "the same options");
        QnnNetwork a = ModelFile.load(first.resolve("model.fqnn")).network();
        QnnNetwork b = ModelFile.load(second.resolve("model.fqnn")).network();
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameterValues(i), b.parameterValues(i), "tensor " + a.parameters().get(i).name());
        }
        assertEquals(untimed(rounds), untimed(RoundRow.read(second.resolve("rounds.csv"))), "rounds.csv");
        assertEquals(untimed(deviceRounds), untimed(CsvTable.read(second.resolve("device-rounds.csv"),
                DeviceRow.class)), "device-rounds.csv");
    }

    /**
     * FedLQ end to end with real device JVMs: under the three-tier scenario each device is asked
     * for its own width per tensor, within its budget (rate x upload window), and every update is
     * accepted; slow links send fewer bytes than fast ones.
     */
    @Test
    void layerwiseWidthsUnderTieredBudgetsAreSentAndAccepted() throws IOException {
        Path out = temp.resolve("layerwise");
        MainTest.Result r = MainTest.run("run", "--model", "paper-cnn", "--bits", "8", "--devices", "3", "--per-round",
                "3", "--local-steps", "4", "--rounds", "2", "--test-limit", "500", "--seed", "5", "--device-jvms", "1",
                "--device-heap", "1g", "--allocator", "layerwise", "--scenario", "tiers", "--upload-window", "0.4",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("fedlq-layerwise, trimmed-mean:0.2", Manifest.read(out).federation().strategy(),
                "the default aggregator (it trims nothing at K' = 3)");
        org.fedqnn.server.profile.DeviceProfiles tiers = org.fedqnn.server.profile.DeviceProfiles.tiers(3, 5, 5e10);
        List<DeviceRow> rows = CsvTable.read(out.resolve("device-rounds.csv"), DeviceRow.class);
        assertEquals(6, rows.size());
        long slow = Long.MAX_VALUE;
        long fast = 0;
        for (DeviceRow row : rows) {
            assertEquals(DeviceOutcome.Status.RECEIVED, row.status(), row.toString());
            double rate = tiers.of(row.device()).uplinkBitsPerSecond();
            long budgetBytes = (long) (rate * 0.4 / 8);
            assertTrue(row.payloadBytes() <= budgetBytes, "device " + row.device() + " at " + rate + " bit/s sent "
                    + row.payloadBytes() + " payload bytes, budget " + budgetBytes);
            if (rate == 1e6) {
                slow = Math.min(slow, row.payloadBytes());
            } else if (rate == 1e8) {
                fast = Math.max(fast, row.payloadBytes());
            }
        }
        assertTrue(slow < fast, "1 Mbit/s: " + slow + " bytes, 100 Mbit/s: " + fast);

        // the time model: upload = the bits received over the device's rate; a round = its slowest device
        List<DeviceTimeRow> times = CsvTable.read(out.resolve("device-times.csv"), DeviceTimeRow.class);
        assertEquals(6, times.size());
        for (DeviceTimeRow t : times) {
            DeviceRow row = rows.stream().filter(d -> d.round() == t.round() && d.device() == t.device()).findFirst()
                    .orElseThrow();
            assertEquals(8.0 * row.bytesReceived() / tiers.of(t.device()).uplinkBitsPerSecond(),
                    t.modelledUploadSeconds(), 1e-5 * t.modelledUploadSeconds()); // the CSV keeps six digits
            assertTrue(t.modelledComputeSeconds() > 0);
        }
        List<TimeRow> perRound = CsvTable.read(out.resolve("times.csv"), TimeRow.class);
        assertEquals(2, perRound.size());
        double slowest = times.stream().filter(t -> t.round() == 0)
                .mapToDouble(t -> t.modelledComputeSeconds() + t.modelledUploadSeconds()).max().orElseThrow();
        assertEquals(slowest, perRound.get(0).modelledRoundSeconds(), 1e-5 * slowest); // six digits each
        assertEquals(perRound.get(0).modelledRoundSeconds() + perRound.get(1).modelledRoundSeconds(),
                perRound.get(1).cumulativeModelledSeconds(), 1e-5 * perRound.get(1).cumulativeModelledSeconds());
    }

    /**
     * Columns no two runs share: the wall-clock times, and which name registered as device k
     * (the device JVMs race to register; every figure belongs to the index k, not the name).
     */
    private static final Set<String> UNSHARED = Set.of("downloadSeconds", "slowestDeviceSeconds",
            "aggregationSeconds", "evaluationSeconds", "roundSeconds", "computeSeconds", "secondsToUpdate", "name");

    /** Each row's components but the wall times and names, by name. */
    static List<Map<String, Object>> untimed(List<? extends Record> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Record row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (RecordComponent c : row.getClass().getRecordComponents()) {
                if (!UNSHARED.contains(c.getName())) {
                    try {
                        values.put(c.getName(), c.getAccessor().invoke(row));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            out.add(values);
        }
        return out;
    }

    /**
     * The ledger's bits are the bytes the server read for each update (the device's own count of
     * its chunk messages plus its trailer), its joules add up per round and over the run, and the
     * report holds its pictures and figures.
     */
    private static void assertLedgerAndReport(Path folder, List<RoundRow> rounds, List<DeviceRow> deviceRounds)
            throws IOException {
        double[] computeByRound = new double[rounds.size()];
        double[] uplinkByRound = new double[rounds.size()];
        long[] bitsByRound = new long[rounds.size()];
        for (DeviceRow row : deviceRounds) {
            long bits = row.uplinkBits();
            assertEquals(8 * row.bytesReceived(), bits, "ledger bits are the bytes read off the wire: " + row);
            long trailer = row.bytesReceived() - row.bytesSentByDevice();
            assertTrue(trailer > 0 && trailer < 512, "the server read the device's " + row.bytesSentByDevice()
                    + " chunk bytes plus a trailer, got " + row.bytesReceived());
            assertTrue(row.meanSquaredGradientNorm() > 0, "||g||^2 measured");
            assertTrue(row.quantizationVariance() > 0 && Double.isFinite(row.quantizationVariance()),
                    "the device reports the variance quantizing its delta added: " + row);
            int t = (int) row.round();
            computeByRound[t] += row.computeJoules();
            uplinkByRound[t] += row.uplinkJoules();
            bitsByRound[t] += bits;
        }
        double compute = 0;
        double uplink = 0;
        long bits = 0;
        for (int t = 0; t < rounds.size(); t++) {
            RoundRow r = rounds.get(t);
            assertEquals(bitsByRound[t], r.uplinkBits(), "round " + t + " bits");
            assertEquals(8 * r.uplinkBytes(), bitsByRound[t], "round " + t + " bytes");
            assertEquals(computeByRound[t], r.computeJoules(), 1e-5 * computeByRound[t]);
            assertEquals(uplinkByRound[t], r.uplinkJoules(), 1e-5 * uplinkByRound[t]);
            compute += computeByRound[t];
            uplink += uplinkByRound[t];
            bits += bitsByRound[t];
            assertEquals(compute, r.cumulativeComputeJoules(), 1e-5 * compute);
            assertEquals(uplink, r.cumulativeUplinkJoules(), 1e-5 * uplink);
            assertEquals(bits, r.cumulativeUplinkBits());
            assertEquals(r.trainingLoss(), r.lossGap(), 1e-9, "F* = 0 by default");
            assertTrue(r.boundPaper() > 0);
            assertTrue(r.boundEstimated() > 0);
        }
        assertTrue(compute > 0 && uplink > 0, "a run costs energy: " + compute + " J, " + uplink + " J");
        for (String png : List.of("accuracy.png", "loss.png", "gap-vs-bound.png", "energy.png", "bits.png")) {
            byte[] bytes = Files.readAllBytes(folder.resolve(png));
            assertTrue(bytes.length > 5000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
        }
        String summary = Files.readString(folder.resolve("summary.md"));
        assertTrue(summary.contains("![gap-vs-bound](gap-vs-bound.png)"), summary);
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "| uplink total | %,d bits", bits)), summary);
        java.util.regex.Matcher total = java.util.regex.Pattern
                .compile("\\| energy total \\(selected devices\\) \\| ([0-9.eE+-]+) J \\|").matcher(summary);
        assertTrue(total.find(), summary);
        assertEquals(compute + uplink, Double.parseDouble(total.group(1)), 1e-3 * (compute + uplink));
    }

    @Test
    void aDeviceJvmKilledMidRunIsRecordedAndTheRunFinishes() throws Exception {
        Dataset ds = DatasetLoader.load(DatasetLocator.system().locate(Catalogue.byName("fashion-mnist"),
                Optional.empty()));
        ModelDescription model = new ModelDescription("paper-cnn", ModelSpecs.MNIST_INPUT, 10, LayerPolicy.ALL,
                ClippedActivation.RELU1, Rounding.STOCHASTIC, LayerScale.POW2, Normalization.UNIT_RANGE);
        RunSettings settings = new RunSettings(model, Precision.fixed(8), Precision.fixed(8), 4, 4, 5, 32,
                LearningRate.DEFAULT, 9, ds.name(), ds.fileSha256(), new IidPartitioner(), 3, Double.NaN, 1,
                // a 25 s deadline: the live JVM's two devices must deliver within it even on a loaded 2-core machine
                BelowQuorum.REPEAT, 3, Duration.ofSeconds(25), Duration.ofSeconds(120), Duration.ofSeconds(5),
                1 << 20, 8, 500, MeasureSettings.paperDefaults());
        Path folder = temp.resolve("killed");
        List<Process> jvms = new ArrayList<>();
        StringWriter console = new StringWriter();
        try (BaseStation station = BaseStation.start(settings, ds, ServerTransport.listening("127.0.0.1", 0), folder,
                Invocation.NONE, new PrintWriter(console, true))) {
            for (int i = 0; i < 2; i++) {
                jvms.add(LocalFederation.startLogged(LocalFederation.deviceJvmCommand(station.port(),
                        LocalFederation.deviceNames(i, 2, 4), "1g", null), 1, folder.resolve("device-jvm-" + i + ".log")));
            }
            Thread killer = new Thread(() -> {
                try {
                    // kill JVM 1 once round 0 is on disk: round 1 is starting or under way
                    while (csvRows(folder.resolve("rounds.csv")) < 1) {
                        Thread.sleep(50);
                    }
                    jvms.get(1).destroyForcibly();
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.setDaemon(true);
            killer.start();
            RunOutcome outcome = station.run(2000);
            assertTrue(outcome.completed(), outcome.reason());
            assertEquals(3, outcome.rounds());
            assertEquals(3, outcome.aggregations());
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
        List<RoundRow> rounds = RoundRow.read(folder.resolve("rounds.csv"));
        assertEquals(3, rounds.size());
        assertEquals(4, rounds.get(0).received(), "all four delivered before the kill");
        RoundRow last = rounds.get(2);
        assertEquals(2, last.received(), "the two devices of the live JVM delivered: " + last);
        assertEquals(2, last.late() + last.silent(), "the killed JVM's two devices are late or silent: " + last);
        String devices = Files.readString(folder.resolve("device-rounds.csv"));
        assertTrue(devices.contains("jvm1-device1,silent") || devices.contains("jvm1-device1,late"), devices);
        assertTrue(Files.readString(folder.resolve("summary.md")).contains("maximum rounds (3)"));
    }

    private static long csvRows(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() - 1 : 0;
    }
}
