package org.fedqnn.server.records;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.qnn.train.ModelFile;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.intake.UpdateReport;
import org.fedqnn.server.measures.Baseline;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.DeviceEnergy;
import org.fedqnn.server.measures.RoundEnergy;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.report.RunCharts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's record on disk (docs/federation.md, "Run folder"): {@code manifest.json} (written
 * first), {@code devices.jsonl} (who registered), {@code rounds.csv} and {@code rounds.jsonl}
 * (one row per round, flushed as it ends), {@code device-rounds.csv} (one row per selected
 * device per round), and at the end {@code model.fqnn} and {@code summary.md}. Rows are written
 * as rounds end, so a killed server leaves every finished round on disk.
 *
 * <p>Called from the coordinator's thread only; not thread-safe.
 */
public final class RunFolder implements RunListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);

    static final String ROUNDS_HEADER = "round,model_version,selected,received,late,rejected,silent,aggregated,"
            + "learning_rate,test_accuracy,test_loss,mean_local_loss,uplink_bytes,uplink_payload_bytes,"
            + "uplink_bits_per_update,download_s,slowest_device_s,aggregation_s,evaluation_s,round_s,"
            + "training_loss,loss_gap,bound_paper,bound_estimated,estimated_G,estimated_mean_sigma_squared,"
            + "compute_j,uplink_j,uplink_bits,cumulative_compute_j,cumulative_uplink_j,cumulative_uplink_bits";
    static final String DEVICES_HEADER = "round,device,name,status,bytes_received,payload_bytes,samples_used,"
            + "local_steps,compute_s,mean_local_loss,forward_macs_per_sample,backward_macs_per_sample,"
            + "seconds_to_update,bytes_sent_by_device,mean_squared_gradient_norm,gradient_variance,macs,compute_j,"
            + "uplink_bits,channel_gain,rate_bps,uplink_s,uplink_j,reason";

    private final Path folder;
    private final Map<String, Object> manifest;
    private Supplier<List<DeviceInfo>> registered = List::of;
    private final QnnNetwork modelNet;
    private final BufferedWriter roundsCsv;
    private final BufferedWriter roundsJsonl;
    private final BufferedWriter devicesCsv;
    private final List<RoundRecord> rounds = new ArrayList<>();
    private Evaluation initial;
    private BoundPoint initialBound;
    private Baseline baseline;

    /**
     * Creates the folder and writes the manifest.
     *
     * @param manifest   the run's provenance (version, seed, configuration, data set checksums, JVM, backend)
     * @param modelNet   a network of the run's model, used to write the final model
     */
    public RunFolder(Path folder, Map<String, Object> manifest, QnnNetwork modelNet) throws IOException {
        this.folder = folder;
        this.manifest = new LinkedHashMap<>(manifest);
        this.modelNet = modelNet;
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.json"), Json.write(this.manifest) + "\n");
        roundsCsv = Files.newBufferedWriter(folder.resolve("rounds.csv"), StandardCharsets.UTF_8);
        roundsJsonl = Files.newBufferedWriter(folder.resolve("rounds.jsonl"), StandardCharsets.UTF_8);
        devicesCsv = Files.newBufferedWriter(folder.resolve("device-rounds.csv"), StandardCharsets.UTF_8);
        roundsCsv.write(ROUNDS_HEADER + "\n");
        devicesCsv.write(DEVICES_HEADER + "\n");
        roundsCsv.flush();
        devicesCsv.flush();
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
        try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("devices.jsonl"), StandardCharsets.UTF_8)) {
            List<DeviceInfo> list = registered.get();
            for (int k = 0; k < list.size(); k++) {
                DeviceInfo d = list.get(k);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("device", k);
                m.put("name", d.name());
                m.put("jvm", d.jvm());
                m.put("os", d.os());
                m.put("processors", d.processors());
                m.put("max_heap_bytes", d.maxHeapBytes());
                m.put("max_inbound_message_bytes", d.maxInboundMessageBytes());
                m.put("backend", d.backend());
                m.put("vectorized", d.vectorized());
                w.write(Json.write(m) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve("devices.jsonl"), e);
        }
    }

    @Override
    public void roundEnded(RoundRecord r) {
        rounds.add(r);
        try {
            roundsCsv.write(String.join(",", List.of(
                    Long.toString(r.round()), Long.toString(r.modelVersion()), Integer.toString(r.selected()),
                    Integer.toString(r.received()), Integer.toString(r.late()), Integer.toString(r.rejected()),
                    Integer.toString(r.silent()), Boolean.toString(r.aggregated()), num(r.learningRate()),
                    num(r.testAccuracy()), num(r.testLoss()), num(r.meanLocalLoss()), Long.toString(r.uplinkBytes()),
                    Long.toString(r.uplinkPayloadBytes()), r.received() == 0 ? "" : Long.toString(8 * r.uplinkBytes()
                            / r.received()), num(r.downloadSeconds()), num(r.slowestDeviceSeconds()),
                    num(r.aggregationSeconds()), num(r.evaluationSeconds()), num(r.roundSeconds()),
                    num(r.bound().trainingLoss()), num(r.bound().gap()), num(r.bound().paperBound()),
                    num(r.bound().estimatedBound()), num(r.bound().gradientBoundG()),
                    num(r.bound().meanSigmaSquared()), num(r.energy().computeJoules()), num(r.energy().uplinkJoules()),
                    Long.toString(r.energy().uplinkBits()), num(r.energy().cumulativeComputeJoules()),
                    num(r.energy().cumulativeUplinkJoules()), Long.toString(r.energy().cumulativeUplinkBits())))
                    + "\n");
            roundsCsv.flush();
            roundsJsonl.write(Json.write(json(r)) + "\n");
            roundsJsonl.flush();
            for (DeviceOutcome o : r.devices()) {
                UpdateReport u = o.report();
                DeviceEnergy e = o.energy();
                devicesCsv.write(String.join(",", List.of(Long.toString(r.round()), Integer.toString(o.device()),
                        csvText(o.name()), o.status().name().toLowerCase(Locale.ROOT), Long.toString(o.bytesReceived()),
                        Long.toString(o.payloadBytes()), u == null ? "" : Long.toString(u.samplesUsed()),
                        u == null ? "" : Integer.toString(u.localSteps()), u == null ? "" : num(u.computeSeconds()),
                        u == null ? "" : num(u.meanLocalLoss()),
                        u == null ? "" : Long.toString(u.forwardMacsPerSample()),
                        u == null ? "" : Long.toString(u.backwardMacsPerSample()), num(o.secondsToUpdate()),
                        u == null ? "" : Long.toString(u.bytesSent()),
                        u == null ? "" : num(u.meanSquaredGradientNorm()), u == null ? "" : num(u.gradientVariance()),
                        e == null ? "" : num(e.macs()), e == null ? "" : num(e.computeJoules()),
                        e == null ? "" : Long.toString(e.uplinkBits()), e == null ? "" : num(e.channelGain()),
                        e == null ? "" : num(e.rateBitsPerSecond()), e == null ? "" : num(e.uplinkSeconds()),
                        e == null ? "" : num(e.uplinkJoules()), csvText(o.reason()))) + "\n");
            }
            devicesCsv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the round records in " + folder, e);
        }
        writeProgressReport();
    }

    private static Map<String, Object> json(RoundRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        m.put("model_version", r.modelVersion());
        m.put("selected", r.selected());
        m.put("received", r.received());
        m.put("late", r.late());
        m.put("rejected", r.rejected());
        m.put("silent", r.silent());
        m.put("aggregated", r.aggregated());
        m.put("learning_rate", r.learningRate());
        m.put("test_accuracy", r.testAccuracy());
        m.put("test_loss", r.testLoss());
        m.put("mean_local_loss", r.meanLocalLoss());
        m.put("uplink_bytes", r.uplinkBytes());
        m.put("uplink_payload_bytes", r.uplinkPayloadBytes());
        m.put("download_s", r.downloadSeconds());
        m.put("slowest_device_s", r.slowestDeviceSeconds());
        m.put("aggregation_s", r.aggregationSeconds());
        m.put("evaluation_s", r.evaluationSeconds());
        m.put("round_s", r.roundSeconds());
        BoundPoint b = r.bound();
        m.put("training_loss", b.trainingLoss());
        m.put("loss_gap", b.gap());
        m.put("bound_paper", b.paperBound());
        m.put("bound_estimated", b.estimatedBound());
        m.put("estimated_G", b.gradientBoundG());
        m.put("estimated_mean_sigma_squared", b.meanSigmaSquared());
        RoundEnergy e = r.energy();
        m.put("compute_j", e.computeJoules());
        m.put("uplink_j", e.uplinkJoules());
        m.put("uplink_bits", e.uplinkBits());
        m.put("cumulative_compute_j", e.cumulativeComputeJoules());
        m.put("cumulative_uplink_j", e.cumulativeUplinkJoules());
        m.put("cumulative_uplink_bits", e.cumulativeUplinkBits());
        List<Object> devices = new ArrayList<>();
        for (DeviceOutcome o : r.devices()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device", o.device());
            d.put("name", o.name());
            d.put("status", o.status().name().toLowerCase(Locale.ROOT));
            d.put("bytes_received", o.bytesReceived());
            d.put("uplink_bits", 8 * o.bytesReceived());
            d.put("payload_bytes", o.payloadBytes());
            if (o.report() != null) {
                UpdateReport u = o.report();
                d.put("samples_used", u.samplesUsed());
                d.put("local_steps", u.localSteps());
                d.put("compute_s", u.computeSeconds());
                d.put("mean_local_loss", u.meanLocalLoss());
                d.put("forward_macs_per_sample", u.forwardMacsPerSample());
                d.put("backward_macs_per_sample", u.backwardMacsPerSample());
                d.put("weights", u.weights());
                d.put("outputs_per_sample", u.outputsPerSample());
                d.put("bytes_sent_by_device", u.bytesSent());
                d.put("seconds_to_update", o.secondsToUpdate());
                d.put("mean_squared_gradient_norm", u.meanSquaredGradientNorm());
                d.put("gradient_variance", u.gradientVariance());
            }
            DeviceEnergy de = o.energy();
            if (de != null) {
                d.put("macs", de.macs());
                d.put("compute_j", de.computeJoules());
                d.put("channel_gain", de.channelGain());
                d.put("rate_bps", de.rateBitsPerSecond());
                d.put("uplink_s", de.uplinkSeconds());
                d.put("uplink_j", de.uplinkJoules());
            }
            if (!o.reason().isEmpty()) {
                d.put("reason", o.reason());
            }
            devices.add(d);
        }
        m.put("devices", devices);
        return m;
    }

    @Override
    public void ended(RunOutcome outcome) {
        try {
            if (outcome.model() != null) {
                for (int i = 0; i < outcome.model().size(); i++) {
                    modelNet.setParameterValues(i, outcome.model().tensor(i));
                }
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("run_id", String.valueOf(manifest.get("run_id")));
                meta.put("dataset", String.valueOf(manifest.get("dataset")));
                meta.put("seed", String.valueOf(manifest.get("seed")));
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
        RunCharts.write(folder, initial, initialBound, rounds, label());
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

    /** "n = 8, fashion-mnist, N = 10, K = 5, I = 20" for picture titles. */
    private String label() {
        Object n = manifest.get("training_precision");
        return (n == null ? "" : "n = " + n + ", ") + manifest.getOrDefault("dataset", "") + ", N = "
                + manifest.getOrDefault("devices", "?") + ", K = " + manifest.getOrDefault("devices_per_round", "?")
                + ", I = " + manifest.getOrDefault("local_steps", "?");
    }

    @Override
    public void close() throws IOException {
        roundsCsv.close();
        roundsJsonl.close();
        devicesCsv.close();
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csvText(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"";
        }
        return s;
    }
}
