package org.fedqnn.server;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.fedqnn.datasets.partition.Partitioner;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.measures.CostMismatch;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.strategy.FedAvgAccumulator;

/**
 * Everything a federated run is configured with, parsed once at the edge (the CLI) and checked
 * here. Symbols are the paper's: N devices, K selected per round, I local steps, n the training
 * precision, m the uplink precision of the deltas. Immutable and thread-safe.
 *
 * @param model               the network every device builds
 * @param trainingPrecision   n, the precision devices train at (float32 for the baseline)
 * @param uplinkPrecision     m, the precision of the deltas on the wire (the paper's m = n)
 * @param devices             N, 1..4096
 * @param devicesPerRound     K, 1..N
 * @param localSteps          I, at least 1
 * @param batchSize           samples per local step, at least 1
 * @param learningRate        eta_t = beta / (t + gamma), t the round
 * @param seed                the run seed: selection, initialisation, partition, every draw
 * @param dataset             catalogue name of the data set
 * @param datasetSha256       file name to SHA-256 of the files the server loaded; devices must hold the same
 * @param partitioner         how the training set is split over the N devices
 * @param maxRounds           stop after this many rounds, at least 1
 * @param targetAccuracy      stop once test accuracy reaches this, in (0, 1]; NaN for none (the target
 *                            loss gap is in {@code measures})
 * @param quorum              the fewest updates that close a round with aggregation, 1..K (a round that
 *                            selects fewer devices, K_t &lt; quorum, needs all K_t: {@link #quorumOf})
 * @param belowQuorum         what a round with fewer does
 * @param maxRepeats          how often one round may be repeated below quorum before the run stops
 * @param roundDeadline       from a round's start until it stops accepting updates
 * @param registrationTimeout how long the run waits for N devices to register
 * @param pollWindow          how long a FetchTask call is held before it is answered Idle
 * @param maxChunkPayloadBytes the largest chunk payload devices may send
 * @param maxConcurrentUploads updates staged at once (each holds 4 bytes per model value)
 * @param testLimit           evaluate on the first this many test samples; 0 for all
 * @param measures            the energy model, bound parameters, F* and target gap the run is measured against
 * @param limits              what one peer may hold of the transport (idle streams, calls, connections, registrations)
 * @param costMismatch        what a trailer whose counts differ from the server's gets: refused or recorded as suspect
 * @param evaluateEvery       R: the new global model is evaluated (test set and training loss) after every R-th
 *                            round and after the last; 1 for every round
 */
public record RunSettings(ModelDescription model, Precision trainingPrecision, Precision uplinkPrecision,
                          int devices, int devicesPerRound, int localSteps, int batchSize,
                          LearningRate learningRate, long seed, String dataset, Map<String, String> datasetSha256,
                          Partitioner partitioner, int maxRounds, double targetAccuracy, int quorum,
                          BelowQuorum belowQuorum, int maxRepeats, Duration roundDeadline,
                          Duration registrationTimeout, Duration pollWindow, int maxChunkPayloadBytes,
                          int maxConcurrentUploads, int testLimit, MeasureSettings measures, StationLimits limits,
                          CostMismatch costMismatch, int evaluateEvery) {

    /** The most devices of one run: keeps the exact FedAvg sum inside a long (see {@link FedAvgAccumulator}). */
    public static final int MAX_DEVICES = 4096;

    public RunSettings {
        Objects.requireNonNull(model, "RunSettings.model");
        Objects.requireNonNull(trainingPrecision, "RunSettings.trainingPrecision");
        Objects.requireNonNull(uplinkPrecision, "RunSettings.uplinkPrecision");
        if (trainingPrecision.isFloat() != uplinkPrecision.isFloat()) {
            throw new IllegalArgumentException("training and uplink precision must both be float32 or both fixed "
                    + "point, got n = " + trainingPrecision + " and m = " + uplinkPrecision);
        }
        requireIn("devices (N)", 1, MAX_DEVICES, devices);
        requireIn("devicesPerRound (K)", 1, devices, devicesPerRound);
        requireIn("localSteps (I)", 1, 1_000_000, localSteps);
        requireIn("batchSize", 1, 1_000_000, batchSize);
        Objects.requireNonNull(learningRate, "RunSettings.learningRate");
        Objects.requireNonNull(dataset, "RunSettings.dataset");
        datasetSha256 = Map.copyOf(datasetSha256);
        Objects.requireNonNull(partitioner, "RunSettings.partitioner");
        requireIn("maxRounds", 1, Integer.MAX_VALUE, maxRounds);
        if (!Double.isNaN(targetAccuracy) && !(targetAccuracy > 0 && targetAccuracy <= 1)) {
            throw new IllegalArgumentException("targetAccuracy must be in (0, 1] or NaN for none, got " + targetAccuracy);
        }
        requireIn("quorum", 1, devicesPerRound, quorum);
        Objects.requireNonNull(belowQuorum, "RunSettings.belowQuorum");
        requireIn("maxRepeats", 0, 1000, maxRepeats);
        requirePositive("roundDeadline", roundDeadline);
        requirePositive("registrationTimeout", registrationTimeout);
        requirePositive("pollWindow", pollWindow);
        requireIn("maxChunkPayloadBytes", TensorChunker.MIN_MAX_PAYLOAD_BYTES, TensorChunker.MAX_MAX_PAYLOAD_BYTES,
                maxChunkPayloadBytes);
        requireIn("maxConcurrentUploads", 1, 10_000, maxConcurrentUploads);
        requireIn("testLimit", 0, Integer.MAX_VALUE, testLimit);
        Objects.requireNonNull(measures, "RunSettings.measures");
        Objects.requireNonNull(limits, "RunSettings.limits");
        Objects.requireNonNull(costMismatch, "RunSettings.costMismatch");
        requireIn("evaluateEvery (--eval-every)", 1, Integer.MAX_VALUE, evaluateEvery);
    }

    /** The settings evaluating every round. */
    public RunSettings(ModelDescription model, Precision trainingPrecision, Precision uplinkPrecision,
                       int devices, int devicesPerRound, int localSteps, int batchSize,
                       LearningRate learningRate, long seed, String dataset, Map<String, String> datasetSha256,
                       Partitioner partitioner, int maxRounds, double targetAccuracy, int quorum,
                       BelowQuorum belowQuorum, int maxRepeats, Duration roundDeadline,
                       Duration registrationTimeout, Duration pollWindow, int maxChunkPayloadBytes,
                       int maxConcurrentUploads, int testLimit, MeasureSettings measures, StationLimits limits,
                       CostMismatch costMismatch) {
        this(model, trainingPrecision, uplinkPrecision, devices, devicesPerRound, localSteps, batchSize, learningRate,
                seed, dataset, datasetSha256, partitioner, maxRounds, targetAccuracy, quorum, belowQuorum, maxRepeats,
                roundDeadline, registrationTimeout, pollWindow, maxChunkPayloadBytes, maxConcurrentUploads, testLimit,
                measures, limits, costMismatch, 1);
    }

    /** The settings with the default {@link StationLimits} for N, the deadline and the poll window, refusing cost mismatches. */
    public RunSettings(ModelDescription model, Precision trainingPrecision, Precision uplinkPrecision,
                       int devices, int devicesPerRound, int localSteps, int batchSize,
                       LearningRate learningRate, long seed, String dataset, Map<String, String> datasetSha256,
                       Partitioner partitioner, int maxRounds, double targetAccuracy, int quorum,
                       BelowQuorum belowQuorum, int maxRepeats, Duration roundDeadline,
                       Duration registrationTimeout, Duration pollWindow, int maxChunkPayloadBytes,
                       int maxConcurrentUploads, int testLimit, MeasureSettings measures) {
        this(model, trainingPrecision, uplinkPrecision, devices, devicesPerRound, localSteps, batchSize, learningRate,
                seed, dataset, datasetSha256, partitioner, maxRounds, targetAccuracy, quorum, belowQuorum, maxRepeats,
                roundDeadline, registrationTimeout, pollWindow, maxChunkPayloadBytes, maxConcurrentUploads, testLimit,
                measures, StationLimits.defaults(devices, roundDeadline, pollWindow), CostMismatch.REFUSE);
    }

    /** These settings with other transport limits. */
    public RunSettings withLimits(StationLimits other) {
        return new RunSettings(model, trainingPrecision, uplinkPrecision, devices, devicesPerRound, localSteps,
                batchSize, learningRate, seed, dataset, datasetSha256, partitioner, maxRounds, targetAccuracy, quorum,
                belowQuorum, maxRepeats, roundDeadline, registrationTimeout, pollWindow, maxChunkPayloadBytes,
                maxConcurrentUploads, testLimit, measures, other, costMismatch, evaluateEvery);
    }

    /** These settings with another answer to a trailer whose counts differ. */
    public RunSettings withCostMismatch(CostMismatch other) {
        return new RunSettings(model, trainingPrecision, uplinkPrecision, devices, devicesPerRound, localSteps,
                batchSize, learningRate, seed, dataset, datasetSha256, partitioner, maxRounds, targetAccuracy, quorum,
                belowQuorum, maxRepeats, roundDeadline, registrationTimeout, pollWindow, maxChunkPayloadBytes,
                maxConcurrentUploads, testLimit, measures, limits, other, evaluateEvery);
    }

    /** These settings evaluating after every {@code every}-th round (and the last). */
    public RunSettings withEvaluateEvery(int every) {
        return new RunSettings(model, trainingPrecision, uplinkPrecision, devices, devicesPerRound, localSteps,
                batchSize, learningRate, seed, dataset, datasetSha256, partitioner, maxRounds, targetAccuracy, quorum,
                belowQuorum, maxRepeats, roundDeadline, registrationTimeout, pollWindow, maxChunkPayloadBytes,
                maxConcurrentUploads, testLimit, measures, limits, costMismatch, every);
    }

    /** True when the model after round {@code round} (from 0) is evaluated: every R-th round and the last. */
    public boolean evaluatesAfter(long round) {
        return (round + 1) % evaluateEvery == 0 || round + 1 >= maxRounds;
    }

    /**
     * The quorum of a round that selected {@code selected} devices: {@code quorum}, or all of them
     * when a policy selected fewer than that (energy-aware's {@code devices=}).
     */
    public int quorumOf(int selected) {
        return Math.min(quorum, selected);
    }

    /** The learning rate of round t. */
    public double learningRateAt(long round) {
        return learningRate.at(round);
    }

    /** True when a target accuracy is set. */
    public boolean hasTargetAccuracy() {
        return !Double.isNaN(targetAccuracy);
    }

    private static void requireIn(String field, int min, int max, int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, "RunSettings." + field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, got " + d);
        }
    }
}
