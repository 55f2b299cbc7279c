package org.fedqnn.server.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.Backend;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.MeasureSettings;

/**
 * {@code manifest.json}: a run's provenance (Tribuo-style) and the configuration it ran with,
 * written first. {@code options} holds the command's options by long name, so that
 * {@code fedqnn run --config manifest.json} repeats the run; the other parts describe the run
 * as the base station resolved it and are not read back as configuration. Immutable.
 *
 * @param fedqnnVersion the build that ran
 * @param runId         a random UUID
 * @param created       when the run folder was made, ISO-8601 UTC
 * @param command       the command that started the run, empty when a program did
 * @param options       the command's options (see {@link Invocation})
 * @param transport     how the base station's listener was secured: mutual TLS with the run CA, plaintext
 *                      on loopback, or plaintext elsewhere by {@code --insecure}; null when not recorded
 */
public record Manifest(String fedqnnVersion, String runId, String created, String command,
                       Map<String, Object> options, String transport, Model model, Data data, Federation federation, Limits limits,
                       Measures measures, Host host) {

    public Manifest {
        Objects.requireNonNull(runId, "Manifest.runId");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The network and its precisions n and m. */
    public record Model(String name, String input, long weights, String layers, String activation,
                        String activationRounding, String layerScale, String normalization,
                        String trainingPrecision, String uplinkPrecision) {
    }

    /** The data set (SHA-256 of each file, by file name), its split and the evaluation samples. */
    public record Data(String dataset, Map<String, String> datasetSha256, String partition, int testSamples,
                       int lossSamples) {

        public Data {
            datasetSha256 = Collections.unmodifiableMap(new TreeMap<>(datasetSha256));
        }
    }

    /**
     * N, K, I, the batch, eta_t, the seed, the strategy, the stop rules, and how each round's n
     * and m are chosen ({@code precisionPolicy}: {@code fixed} or the policy with its parameters;
     * null in manifests written before it was recorded).
     */
    public record Federation(long seed, String strategy, int devices, int devicesPerRound, int localSteps,
                             int batchSize, String learningRate, int maxRounds, double targetAccuracy, int quorum,
                             String belowQuorum, int maxRepeats, String precisionPolicy) {
    }

    /** The round deadline, the poll window and the upload limits. */
    public record Limits(@JsonProperty("round_deadline_s") double roundDeadlineSeconds,
                         @JsonProperty("poll_window_s") double pollWindowSeconds, int maxChunkPayloadBytes,
                         int maxConcurrentUploads) {
    }

    /** What the run is measured against: F*, the target gap, the baseline, the energy model, the cell, the bound. */
    public record Measures(double fStar, String fStarSource, double targetLossGap, String baseline,
                           EnergyModel energyModel, Cell cell, PaperBound paperBound) {
    }

    /** The constants of eqs. (9)-(12). */
    public record EnergyModel(@JsonProperty("transmit_power_w") double transmitPowerWatts,
                              @JsonProperty("bandwidth_hz") double bandwidthHertz, double noiseDbm,
                              String noiseReading, @JsonProperty("mac_energy_j") double macEnergyJoules,
                              double alpha, int nMax, int macUnits) {
    }

    /** The cell the devices are dropped in. */
    public record Cell(@JsonProperty("area_side_m") double areaSideMetres, double pathLossExponent,
                       @JsonProperty("reference_distance_m") double referenceDistanceMetres) {
    }

    /** Section IV's parameters of the bound of eq. (20). */
    public record PaperBound(@JsonProperty("L") double smoothnessL, @JsonProperty("mu") double strongConvexityMu,
                             double meanSigmaSquared, @JsonProperty("G") double gradientBoundG,
                             @JsonProperty("G_reading") String gradientBoundReading) {
    }

    /** The machine of the base station. */
    public record Host(String java, String os, int processors, String backend) {
    }

    /**
     * The manifest of a new run.
     *
     * @param weights      d, the model's parameter count
     * @param testSamples  test samples each evaluation uses
     * @param trainSamples the training set's size (F(w) uses at most this many)
     */
    public static Manifest of(RunSettings s, String runId, String strategy, long weights, int testSamples,
                              int trainSamples, Invocation invocation) {
        return of(s, runId, strategy, "fixed", weights, testSamples, trainSamples, invocation);
    }

    /** As above, the rounds' n and m chosen by {@code precisionPolicy} (its description). */
    public static Manifest of(RunSettings s, String runId, String strategy, String precisionPolicy, long weights,
                              int testSamples, int trainSamples, Invocation invocation) {
        MeasureSettings ms = s.measures();
        EnergyParameters e = ms.energy();
        ChannelParameters c = ms.cell();
        BoundParameters b = ms.paperBound();
        return new Manifest(Objects.requireNonNullElse(Manifest.class.getPackage().getImplementationVersion(),
                "development build"), runId, Instant.now().toString(), invocation.command(), invocation.options(),
                invocation.transport().isEmpty() ? null : invocation.transport(),
                new Model(s.model().name(), s.model().input().toString(), weights, s.model().layers().label(),
                        s.model().activation().label(), lower(s.model().rounding()), s.model().layerScale().label(),
                        lower(s.model().normalization()), s.trainingPrecision().label(),
                        s.uplinkPrecision().label()),
                new Data(s.dataset(), s.datasetSha256(), s.partitioner().toString(), testSamples,
                        Math.min(ms.lossSamples(), trainSamples)),
                new Federation(s.seed(), strategy, s.devices(), s.devicesPerRound(), s.localSteps(), s.batchSize(),
                        "eta_t = " + s.learningRate().beta() + " / (t + " + s.learningRate().gamma() + ")",
                        s.maxRounds(), s.targetAccuracy(), s.quorum(), lower(s.belowQuorum()), s.maxRepeats(),
                        precisionPolicy),
                new Limits(s.roundDeadline().toMillis() / 1000.0, s.pollWindow().toMillis() / 1000.0,
                        s.maxChunkPayloadBytes(), s.maxConcurrentUploads()),
                new Measures(ms.fStar(), ms.fStarSource(), ms.hasTargetGap() ? ms.targetGap() : Double.NaN,
                        ms.baseline() == null ? null : ms.baseline().source(),
                        new EnergyModel(e.transmitPowerWatts(), e.bandwidthHertz(), e.noiseDbm(),
                                lower(e.noiseReading()), e.macEnergyJoules(), e.alpha(), e.nMax(), e.macUnits()),
                        new Cell(c.areaSideMetres(), c.pathLossExponent(), c.referenceDistanceMetres()),
                        new PaperBound(b.smoothnessL(), b.strongConvexityMu(), b.meanSigmaSquared(),
                                b.gradientBoundG(), lower(b.gradientBoundReading()))),
                new Host(System.getProperty("java.version") + " " + System.getProperty("java.vendor"),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        Runtime.getRuntime().availableProcessors(), Backend.describe()));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The manifest of the run in {@code folder}. A manifest written before the precision policy
     * was recorded (no {@code federation.precision_policy}) reads as {@code fixed}, the only policy
     * there was.
     */
    public static Manifest read(Path folder) throws IOException {
        return RecordFormats.readJson(folder.resolve(RunFolder.MANIFEST), Manifest.class, Manifest::upgrade);
    }

    private static void upgrade(ObjectNode manifest) {
        if (manifest.get("federation") instanceof ObjectNode f && !f.has("precision_policy")) {
            f.put("precision_policy", "fixed");
        }
    }

    /** "n = 8, fashion-mnist, N = 10, K = 5, I = 20", for picture titles. */
    public String label() {
        return "n = " + model.trainingPrecision() + ", " + data.dataset() + ", N = " + federation.devices() + ", K = "
                + federation.devicesPerRound() + ", I = " + federation.localSteps();
    }
}
