package org.fedqnn.server.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.registry.DeviceInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written as the base station writes it reads back, file by file, into the
 * records it was written from; the CSV tables keep their bytes; text from outside is escaped.
 */
class RunFolderRecordsTest {

    /** A name from outside with a C1 control, a bidi override, DEL and a leading formula sign. */
    private static final String HOSTILE = "=cmd|' /C calc'!A0\u0085\u202Egnp.exe\u007F";

    @TempDir
    static Path dir;

    static Path folder;
    static Manifest manifest;
    static List<RegisteredDevice> registered;
    static List<RoundRecord> rounds;

    @BeforeAll
    static void writeARunFolder() throws IOException {
        RunSettings s = TestSettings.settings(3, 3, 1, 8, 0);
        QnnNetwork net = s.model().create(Precision.fixed(8), 1); // ND4J is up before the manifest asks it
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("dataset", "fashion-mnist");
        options.put("bits", "8");
        options.put("devices", 3);
        options.put("round-deadline", 120.5);
        options.put("precisions", List.of("4", "float"));
        manifest = Manifest.of(s, "run-1", "paper-fedavg", 1234, 100, 60_000, new Invocation("fedqnn run", options));
        List<DeviceInfo> devices = List.of(new DeviceInfo("jvm0-device0", "17.0.9 Eclipse", "Linux amd64", 2,
                        1L << 31, 16 << 20, "cpu (avx2)", true),
                new DeviceInfo(HOSTILE, "17 \u202Eevil", "Linux", 1, 1L << 30, 0, "", false),
                new DeviceInfo("jvm0-device2", "17", "Linux", 1, 1L << 30, 4 << 20, "cpu", true));
        registered = new ArrayList<>();
        for (int k = 0; k < devices.size(); k++) {
            registered.add(RegisteredDevice.of(k, devices.get(k)));
        }
        rounds = new ArrayList<>(RunFixtures.rounds());
        rounds.add(hostileRound());
        folder = dir.resolve("run");
        try (RunFolder f = new RunFolder(folder, manifest, net)) {
            f.registeredFrom(() -> devices);
            f.started(new Evaluation(230, 10, 100), new BoundPoint(0, 2.3, 2.3, 0.5, Double.NaN, Double.NaN,
                    Double.NaN), 1.0);
            for (RoundRecord r : rounds) {
                f.roundEnded(r);
            }
            f.ended(new RunOutcome("maximum rounds (3) | <b>" + HOSTILE, true, 3, 1, 0.1, 0.8, 1.9, 0.8, 200, 3.0,
                    null, new RoundEnergy(0.02, 0.005, 1600, 0.02, 0.005, 1600), null));
        }
    }

    /** The third round: a device with a hostile name, refused with a reason of several lines. */
    private static RoundRecord hostileRound() {
        RoundRecord last = RunFixtures.rounds().get(1);
        return new RoundRecord(2, 1, 1, 0, 0, 1, 0, false, 0.1, 0.8, 1.9, Double.NaN, 0, 0, 0.01, Double.NaN, 0, 0.2,
                1.0, List.of(new DeviceOutcome(1, HOSTILE, DeviceOutcome.Status.REJECTED, 0, 0, null, Double.NaN,
                        "tensor 'x\u202E': two\nlines\r", null)), last.energy(), last.bound());
    }

    @Test
    void aManifestWrittenBeforeThePrecisionPolicyWasRecordedReadsAsFixed(@TempDir Path old) throws IOException {
        String text = Files.readString(folder.resolve(RunFolder.MANIFEST));
        assertTrue(text.contains("\"precision_policy\""), text);
        Files.writeString(old.resolve(RunFolder.MANIFEST),
                text.replaceAll(",\\s*\"precision_policy\"\\s*:\\s*(\"[^\"]*\"|null)", ""));
        assertFalse(Files.readString(old.resolve(RunFolder.MANIFEST)).contains("precision_policy"),
                "the field is gone");
        Manifest read = Manifest.read(old);
        assertEquals("fixed", read.federation().precisionPolicy());
        assertEquals(manifest.federation().devices(), read.federation().devices(), "the rest as written");
        Files.writeString(old.resolve(RunFolder.MANIFEST), "[1, 2]");
        IOException notObject = assertThrows(IOException.class, () -> Manifest.read(old));
        assertTrue(notObject.getMessage().contains("JSON object"), notObject.getMessage());
    }

    @Test
    void theManifestReadsBackAsWritten() throws IOException {
        Manifest read = Manifest.read(folder);
        assertEquals(manifest, read);
        assertEquals(List.of("4", "float"), read.options().get("precisions"));
        assertEquals(120.5, read.options().get("round-deadline"));
        assertTrue(Double.isNaN(read.federation().targetAccuracy()), "no target: null in the file, NaN read back");
        String text = Files.readString(folder.resolve(RunFolder.MANIFEST));
        assertTrue(text.contains("\"target_accuracy\" : null"), text);
        assertTrue(text.contains("\"estimated_G\"") || text.contains("\"G\" : "), text);
    }

    @Test
    void everyTableReadsBackIntoItsRecordFieldByField() throws IOException {
        List<RoundRow> rows = RoundRow.read(folder.resolve(RunFolder.ROUNDS));
        List<DeviceRow> deviceRows = CsvTable.read(folder.resolve(RunFolder.DEVICE_ROUNDS), DeviceRow.class);
        List<RoundLine> lines = JsonLines.read(folder.resolve(RunFolder.ROUND_LINES), RoundLine.class);
        assertEquals(rounds.size(), rows.size());
        assertEquals(rounds.size(), lines.size());
        int d = 0;
        for (int t = 0; t < rounds.size(); t++) {
            RoundRecord r = rounds.get(t);
            RoundRow expected = RoundRow.of(r);
            assertSameFields(expected, rows.get(t), true, "rounds.csv row " + t);
            assertSameFields(expected, lines.get(t).round(), false, "rounds.jsonl line " + t);
            assertEquals(r.devices().size(), lines.get(t).devices().size());
            for (int k = 0; k < r.devices().size(); k++) {
                DeviceRow device = DeviceRow.of(r.round(), r.devices().get(k));
                assertSameFields(device, lines.get(t).devices().get(k), false, "rounds.jsonl line " + t + ", device "
                        + k);
                DeviceRow inTable = new DeviceRow(device.round(), device.device(), Text.tableCell(device.name()),
                        device.status(), device.bytesReceived(), device.payloadBytes(), device.samplesUsed(),
                        device.localSteps(), device.computeSeconds(), device.meanLocalLoss(),
                        device.forwardMacsPerSample(), device.backwardMacsPerSample(), device.secondsToUpdate(),
                        device.bytesSentByDevice(), device.meanSquaredGradientNorm(), device.gradientVariance(),
                        device.macs(), device.computeJoules(), device.uplinkBits(), device.channelGain(),
                        device.rateBitsPerSecond(), device.uplinkSeconds(), device.uplinkJoules(),
                        Text.tableCell(device.reason()), device.quantizationVariance());
                assertSameFields(inTable, deviceRows.get(d++), true, "device-rounds.csv row " + (d - 1));
            }
        }
        assertEquals(d, deviceRows.size());
        assertEquals(registered, JsonLines.read(folder.resolve(RunFolder.DEVICES), RegisteredDevice.class));
    }

    /**
     * Each component of two records alike: numbers exactly (JSON) or as their six digits (CSV),
     * a non-finite number as NaN.
     */
    static void assertSameFields(Record expected, Record actual, boolean sixDigits, String where) {
        for (RecordComponent c : expected.getClass().getRecordComponents()) {
            Object e = value(c, expected);
            Object a = value(c, actual);
            if (e instanceof Double x) {
                double want = !Double.isFinite(x) ? Double.NaN
                        : sixDigits ? Double.parseDouble(String.format(Locale.ROOT, "%.6g", x)) : x;
                assertEquals(want, (Double) a, 0.0, where + ", " + c.getName());
            } else {
                assertEquals(e, a, where + ", " + c.getName());
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roundsAndDeviceRoundsKeepTheBytesTheyHadBeforeTheLibrary() throws IOException {
        Path again = dir.resolve("bytes");
        try (RunFolder f = new RunFolder(again, manifest, null)) {
            for (RoundRecord r : RunFixtures.rounds()) {
                f.roundEnded(r);
            }
        }
        assertEquals(resource("rounds-before.csv"), Files.readString(again.resolve(RunFolder.ROUNDS)));
        assertEquals(resource("device-rounds-before.csv"), Files.readString(again.resolve(RunFolder.DEVICE_ROUNDS)));
        Path older = dir.resolve("older.csv");
        Files.writeString(older, resource("rounds-older.csv"));
        List<RoundRow> read = RoundRow.read(older);
        assertEquals(RoundRow.read(again.resolve(RunFolder.ROUNDS)).get(0).testLoss(), read.get(0).testLoss(), 0.0,
                "a rounds.csv written before n and m were recorded reads back");
        assertEquals(null, read.get(0).trainingN(), "its n is null");
        assertEquals(8, RoundRow.read(again.resolve(RunFolder.ROUNDS)).get(0).trainingN());
        assertEquals(4, RoundRow.read(again.resolve(RunFolder.ROUNDS)).get(0).uplinkM());
        Path olderDevices = dir.resolve("older-device-rounds.csv");
        Files.writeString(olderDevices, resource("device-rounds-older.csv"));
        List<DeviceRow> devices = CsvTable.read(olderDevices, DeviceRow.class);
        List<DeviceRow> now = CsvTable.read(again.resolve(RunFolder.DEVICE_ROUNDS), DeviceRow.class);
        assertEquals(now.size(), devices.size(), "a device-rounds.csv written before quantization_variance reads back");
        assertEquals(now.get(0).gradientVariance(), devices.get(0).gradientVariance(), 0.0);
        assertEquals(now.get(0).reason(), devices.get(0).reason());
        assertTrue(Double.isNaN(devices.get(0).quantizationVariance()), "its quantization variance is NaN");
        assertEquals(91.3648, now.get(0).quantizationVariance(), 0.0, "six digits of what the trailer reported");
        assertTrue(Double.isNaN(now.get(1).quantizationVariance()), "a device that did not report it: NaN");
    }

    /**
     * device-times.csv: the modelled compute and upload times, then the measured upload time
     * (empty where it was not measured), six digits each; read back into its record. And
     * profiles.csv: each device's profile by index.
     */
    @Test
    void deviceTimesHoldTheMeasuredUploadTimeNextToTheModelledOne() throws IOException {
        Path again = dir.resolve("times");
        RoundRecord r = RunFixtures.rounds().get(0);
        RoundTime time = new RoundTime(1.75, 1.75, List.of(new RoundTime.DeviceTime(0, 0.05, 1.6672, 1.7312345),
                new RoundTime.DeviceTime(1, 0.125, 0.0072, Double.NaN)));
        try (RunFolder f = new RunFolder(again, manifest, null)) {
            f.writeProfiles(DeviceProfiles.of("given", List.of(new DeviceProfile(2.5e5, 5e10, Precision.FLOAT32),
                    new DeviceProfile(4e6, 1e9, Precision.fixed(8)))));
            f.roundEnded(new RoundRecord(r.round(), r.modelVersion(), r.selected(), r.received(), r.late(),
                    r.rejected(), r.silent(), r.aggregated(), r.learningRate(), r.testAccuracy(), r.testLoss(),
                    r.meanLocalLoss(), r.uplinkBytes(), r.uplinkPayloadBytes(), r.downloadSeconds(),
                    r.slowestDeviceSeconds(), r.aggregationSeconds(), r.evaluationSeconds(), r.roundSeconds(),
                    r.devices(), r.energy(), r.bound(), time));
        }
        assertEquals("round,device,modelled_compute_s,modelled_upload_s,measured_upload_s\n"
                + "0,0,0.0500000,1.66720,1.73123\n0,1,0.125000,0.00720000,\n",
                Files.readString(again.resolve(RunFolder.DEVICE_TIMES)));
        assertEquals("device,uplink_bit_per_s,mac_per_s,max_training\n0,250000,5.00000e+10,float32\n"
                + "1,4.00000e+06,1.00000e+09,8\n", Files.readString(again.resolve(RunFolder.PROFILES)));
        List<DeviceTimeRow> rows = CsvTable.read(again.resolve(RunFolder.DEVICE_TIMES), DeviceTimeRow.class);
        assertSameFields(DeviceTimeRow.of(0, time.devices().get(0)), rows.get(0), true, "device-times.csv row 0");
        assertSameFields(DeviceTimeRow.of(0, time.devices().get(1)), rows.get(1), true, "device-times.csv row 1");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RunFolderRecordsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void textFromOutsideIsEscapedInEveryFile() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> !p.toString().endsWith(".png") && !p.toString().endsWith(".fqnn"))
                    .toList()) {
                String text = Files.readString(f);
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    assertFalse(c != '\n' && Text.isControl(c), f.getFileName() + " holds U+"
                            + Integer.toHexString(c) + " raw at " + i);
                }
            }
        }
        String devices = Files.readString(folder.resolve(RunFolder.DEVICE_ROUNDS));
        assertTrue(devices.contains("'=cmd|' /C calc'!A0\\u0085\\u202Egnp.exe\\u007F"), devices);
        assertTrue(devices.contains("tensor 'x\\u202E': two\\u000Alines\\u000D"), devices);
        String summary = Files.readString(folder.resolve("summary.md"));
        assertTrue(summary.contains("| ended | maximum rounds (3) \\| \\<b\\>=cmd\\|' /C calc'!A0\\u0085"), summary);
        assertEquals(HOSTILE, JsonLines.read(folder.resolve(RunFolder.DEVICES), RegisteredDevice.class).get(1).name(),
                "JSON escapes losslessly");
    }

    @Test
    void aMalformedTableIsRefusedNamingTheFileLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(folder.resolve(RunFolder.ROUNDS));
        Files.writeString(bad, lines.get(0) + "\n" + lines.get(1).replaceFirst("^0,1,3", "0,1,three") + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoundRow.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("line 2")
                && e.getMessage().contains("selected") && e.getMessage().contains("three"), e.getMessage());
        Files.writeString(bad, lines.get(0).replace(",uplink_bits,", ",") + "\n");
        e = assertThrows(IllegalArgumentException.class, () -> RoundRow.read(bad));
        assertTrue(e.getMessage().contains("uplink_bits"), e.getMessage());
    }
}
