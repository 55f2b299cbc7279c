package org.fedqnn.server.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.ModelFile;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.checkpoint.Checkpoint;
import org.fedqnn.server.checkpoint.CheckpointFile;
import org.fedqnn.server.checkpoint.CheckpointSink;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.Baseline;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.DeviceEnergy;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.measures.RoundTime;
import org.fedqnn.server.profile.DeviceProfiles;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.report.RunCharts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's record on disk (docs/federation.md, "Run folder"): {@code manifest.json} (written
 * first), {@code devices.jsonl} (who registered), {@code rounds.csv} and {@code rounds.jsonl}
 * (one row per round, flushed as it ends), {@code device-rounds.csv} (one row per selected
 * device per round), and at the end {@code model.fqnn} and {@code summary.md}. Rows are written
 * as rounds end, so a killed server leaves every finished round on disk. With device profiles,
 * also {@code profiles.csv} (written at the start), {@code times.csv} and
 * {@code device-times.csv}. Each file has one record ({@link Manifest}, {@link RegisteredDevice},
 * {@link RoundRow}, {@link RoundLine}, {@link DeviceRow}, {@link ProfileRow}, {@link TimeRow},
 * {@link DeviceTimeRow}), written and read through {@link RecordFormats}. As a
 * {@link CheckpointSink} it also keeps the run's checkpoints ({@link CheckpointFile}), and a run
 * resumed from one {@link #resume continues} its record files from the checkpoint's lengths.
 *
 * <p>Called from the coordinator's thread only; not thread-safe.
 */
public final class RunFolder implements RunListener, CheckpointSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);

    public static final String MANIFEST = "manifest.json";
    public static final String DEVICES = "devices.jsonl";
    public static final String ROUNDS = "rounds.csv";
    public static final String ROUND_LINES = "rounds.jsonl";
    public static final String DEVICE_ROUNDS = "device-rounds.csv";
    public static final String TIMES = "times.csv";
    public static final String DEVICE_TIMES = "device-times.csv";
    public static final String PROFILES = "profiles.csv";

    private final Path folder;
    private final Manifest manifest;
    private Supplier<List<DeviceInfo>> registered = List::of;
    private final QnnNetwork modelNet;
    private final CsvTable<RoundRow> roundsCsv;
    private final JsonLines<RoundLine> roundsJsonl;
    private final CsvTable<DeviceRow> devicesCsv;
    private final CsvTable<TimeRow> timesCsv;
    private final CsvTable<DeviceTimeRow> deviceTimesCsv;
    private final List<RoundRecord> rounds = new ArrayList<>();
    private Evaluation initial;
    private BoundPoint initialBound;
    private Baseline baseline;

    /**
     * Creates the folder and writes the manifest.
     *
     * @param manifest   the run's provenance and configuration
     * @param modelNet   a network of the run's model, used to write the final model
     */
    public RunFolder(Path folder, Manifest manifest, QnnNetwork modelNet) throws IOException {
        this(folder, manifest, modelNet, null);
    }

    private RunFolder(Path folder, Manifest manifest, QnnNetwork modelNet, Map<String, Long> lengths)
            throws IOException {
        this.folder = folder;
        this.manifest = manifest;
        this.modelNet = modelNet;
        if (lengths == null) {
            Files.createDirectories(folder);
            RecordFormats.writeJson(folder.resolve(MANIFEST), manifest);
        }
        roundsCsv = CsvTable.open(folder.resolve(ROUNDS), RoundRow.class, length(lengths, ROUNDS));
        roundsJsonl = JsonLines.open(folder.resolve(ROUND_LINES), length(lengths, ROUND_LINES));
        devicesCsv = CsvTable.open(folder.resolve(DEVICE_ROUNDS), DeviceRow.class, length(lengths, DEVICE_ROUNDS));
        timesCsv = CsvTable.open(folder.resolve(TIMES), TimeRow.class, length(lengths, TIMES));
        deviceTimesCsv = CsvTable.open(folder.resolve(DEVICE_TIMES), DeviceTimeRow.class,
                length(lengths, DEVICE_TIMES));
    }

    /**
     * The folder of a run to resume from a checkpoint whose record files had {@code lengths}
     * bytes: keeps the manifest and cuts each record file back to its length (the rows of rounds
     * after the checkpoint, which a killed server may have left, whole or in part), then appends.
     *
     * @throws IOException naming the file when a record file is missing or shorter than its length
     */
    public static RunFolder resume(Path folder, Manifest manifest, QnnNetwork modelNet, Map<String, Long> lengths)
            throws IOException {
        return new RunFolder(folder, manifest, modelNet, lengths);
    }

    /** The length {@code name} is cut back to, or -1 to create it afresh. */
    private static long length(Map<String, Long> lengths, String name) throws IOException {
        if (lengths == null) {
            return -1;
        }
        Long n = lengths.get(name);
        if (n == null) {
            throw new IOException("the checkpoint records no length for " + name);
        }
        return n;
    }

    @Override
    public Map<String, Long> recordLengths() throws IOException {
        Map<String, Long> lengths = new LinkedHashMap<>();
        for (String name : List.of(ROUNDS, ROUND_LINES, DEVICE_ROUNDS, TIMES, DEVICE_TIMES)) {
            Path file = folder.resolve(name);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
                lengths.put(name, ch.size());
            }
        }
        return lengths;
    }

    @Override
    public void write(Checkpoint c) throws IOException {
        long start = System.nanoTime();
        CheckpointFile.write(folder, c);
        LOG.debug("checkpoint after round {} written in {} ms", c.rounds() - 1, (System.nanoTime() - start) / 1e6);
    }

    /** Writes {@code profiles.csv}, one row per device index. */
    public void writeProfiles(DeviceProfiles profiles) throws IOException {
        List<ProfileRow> rows = new ArrayList<>();
        for (int k = 0; k < profiles.size(); k++) {
            rows.add(ProfileRow.of(k, profiles.of(k)));
        }
        CsvTable.write(folder.resolve(PROFILES), ProfileRow.class, rows);
    }

    /** A run to report the energy saving against, or null. */
    public void compareWith(Baseline run) {
        this.baseline = run;
    }

    /** Where the list of registered devices comes from, read when the run starts. */
    public void registeredFrom(Supplier<List<DeviceInfo>> devices) {
        this.registered = devices;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void started(Evaluation initialEvaluation, BoundPoint bound, double registrationSeconds) {
        initial = initialEvaluation;
        initialBound = bound;
        try (JsonLines<RegisteredDevice> lines = JsonLines.create(folder.resolve(DEVICES))) {
            List<DeviceInfo> list = registered.get();
            for (int k = 0; k < list.size(); k++) {
                lines.append(RegisteredDevice.of(k, list.get(k)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(DEVICES), e);
        }
    }

    /** Takes back w_0's figures and, for the report, the rounds {@code rounds.jsonl} holds (cut back to the checkpoint). */
    @Override
    public void resumed(Evaluation initialEvaluation, BoundPoint bound, long played) {
        initial = initialEvaluation;
        initialBound = bound;
        rounds.clear();
        try {
            JsonLines.read(folder.resolve(ROUND_LINES), RoundLine.class).forEach(l -> rounds.add(l.round().record()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rounds so far from " + folder.resolve(ROUND_LINES), e);
        }
        if (rounds.size() != played) {
            throw new IllegalStateException(folder.resolve(ROUND_LINES) + " holds " + rounds.size()
                    + " rounds, the checkpoint " + played);
        }
    }

    @Override
    public void roundEnded(RoundRecord r) {
        rounds.add(r);
        try {
            RoundRow row = RoundRow.of(r);
            List<DeviceRow> devices = r.devices().stream().map(o -> DeviceRow.of(r.round(), o)).toList();
            roundsCsv.append(row);
            roundsJsonl.append(new RoundLine(row, devices));
            for (DeviceRow d : devices) {
                devicesCsv.append(d);
            }
            timesCsv.append(TimeRow.of(r));
            for (RoundTime.DeviceTime t : r.time().devices()) {
                deviceTimesCsv.append(DeviceTimeRow.of(r.round(), t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the round records in " + folder, e);
        }
        writeProgressReport();
    }

    @Override
    public void ended(RunOutcome outcome) {
        try {
            if (outcome.model() != null) {
                for (int i = 0; i < outcome.model().size(); i++) {
                    modelNet.setParameterValues(i, outcome.model().tensor(i));
                }
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("run_id", manifest.runId());
                meta.put("dataset", manifest.data().dataset());
                meta.put("seed", Long.toString(manifest.federation().seed()));
                meta.put("rounds", Integer.toString(outcome.rounds()));
                meta.put("aggregations", Integer.toString(outcome.aggregations()));
                ModelFile.save(modelNet, meta, folder.resolve("model.fqnn"));
            }
            writeReport(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the end of the run in " + folder, e);
        }
    }

    /** The pictures and {@code summary.md} for the rounds so far, each file replaced atomically. */
    private void writeReport(RunOutcome outcome) throws IOException {
        RunCharts.write(folder, initial, initialBound, rounds, manifest.label(),
                manifest.federation().devicesPerRound());
        Path tmp = folder.resolve("summary.md.tmp");
        Files.writeString(tmp, RunSummary.markdown(manifest, initial, initialBound, rounds, outcome, baseline));
        Files.move(tmp, folder.resolve("summary.md"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The report of a run still going (or killed before its end): rewritten after every round,
     * so a killed server leaves a report of every finished round. A picture that cannot be drawn
     * here does not stop the run; the end of the run draws them again and reports the failure.
     */
    private void writeProgressReport() {
        RoundRecord last = rounds.get(rounds.size() - 1);
        int aggregations = (int) rounds.stream().filter(RoundRecord::aggregated).count();
        double best = rounds.stream().mapToDouble(RoundRecord::testAccuracy).max().orElse(Double.NaN);
        long bytes = rounds.stream().mapToLong(RoundRecord::uplinkBytes).sum();
        RunOutcome sofar = new RunOutcome("still running, or stopped before its end (this report is rewritten after "
                + "every round)", false, rounds.size(), aggregations, initial == null ? Double.NaN : initial.accuracy(),
                last.testAccuracy(), last.testLoss(), best, bytes, Double.NaN, null, last.energy(), last.bound());
        try {
            writeReport(sofar);
        } catch (IOException | RuntimeException e) {
            // not fatal to the run: the end of the run writes the report again and fails loudly there
            LOG.warn("the report after round {} could not be written in {}: {}", last.round(), folder, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        roundsCsv.close();
        roundsJsonl.close();
        devicesCsv.close();
        timesCsv.close();
        deviceTimesCsv.close();
    }
}
