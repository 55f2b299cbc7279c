package org.fedqnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnConfig;
import org.fedqnn.server.BelowQuorum;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.Baseline;
import org.fedqnn.server.measures.CostMismatch;
import org.fedqnn.server.measures.MeasureSettings;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.records.RunFolder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The options of a federated run (the base station's side), shared by {@code server} and {@code run}. */
final class FederationOptions {

    @Mixin
    DataOptions data;

    @Mixin
    QnnOptions qnn;

    @Mixin
    PartitionOptions partition;

    @Mixin
    StrategyOptions strategy;

    @Mixin
    LimitOptions limits;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--preset", description = "paper: the paper's N = 50, K = 30, I = 5 and eq. (8) (for those of "
            + "--devices, --per-round, --local-steps and --aggregator not given).")
    String preset;

    @Option(names = "--per-round", defaultValue = "5", description = "K: devices selected per round (default ${DEFAULT-VALUE}).")
    int perRound;

    @Option(names = "--local-steps", defaultValue = "20", description = "I: local SGD steps per round (default ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--batch", defaultValue = "32", description = "Samples per local step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rounds", defaultValue = "20", description = "Maximum rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--target-accuracy", description = "Stop once test accuracy reaches this, in percent.")
    Double targetAccuracy;

    @Option(names = "--uplink-bits", description = "m: bits of the uploaded deltas (default: --bits, the paper's m = n).")
    Precision uplinkBits;

    @Option(names = "--quorum", description = "Fewest updates that close a round with aggregation (default: ceil(K/2)).")
    Integer quorum;

    @Option(names = "--below-quorum", defaultValue = "repeat",
            description = "A round below quorum: repeat (go on without aggregating, up to --max-repeats in a row) or stop (default ${DEFAULT-VALUE}).")
    BelowQuorum belowQuorum;

    @Option(names = "--max-repeats", defaultValue = "3", description = "Rounds below quorum in a row before the run stops (default ${DEFAULT-VALUE}).")
    int maxRepeats;

    @Option(names = "--round-deadline", defaultValue = "120", description = "Seconds from a round's start until it stops accepting updates (default ${DEFAULT-VALUE}).")
    double roundDeadlineSeconds;

    @Option(names = "--registration-timeout", defaultValue = "300", description = "Seconds to wait for N devices to register (default ${DEFAULT-VALUE}).")
    double registrationSeconds;

    @Option(names = "--poll-window", defaultValue = "20", description = "Seconds a device's poll is held before it is answered Idle (default ${DEFAULT-VALUE}).")
    double pollWindowSeconds;

    @Option(names = "--chunk-payload", defaultValue = "" + TensorChunker.DEFAULT_MAX_PAYLOAD_BYTES,
            description = "Largest tensor bytes in one wire message (default ${DEFAULT-VALUE}).")
    int chunkPayload;

    @Option(names = "--max-concurrent-uploads", defaultValue = "8", description = "Updates the server stages at once (default ${DEFAULT-VALUE}).")
    int maxConcurrentUploads;

    @Option(names = "--cost-mismatch", defaultValue = "refuse", description = "A trailer whose counts differ from "
            + "what the task asks: refuse (INVALID_ARGUMENT) or suspect (accept, charge the server's own counts, "
            + "record the disagreement) (default ${DEFAULT-VALUE}).")
    CostMismatch costMismatch;

    @Option(names = "--test-limit", defaultValue = "0", description = "Evaluate on the first this many test samples; 0 = all (default ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--eval-every", defaultValue = "1", description = "Evaluate the global model (test set and "
            + "training loss) after every R-th round and after the last; the other rounds leave those columns empty "
            + "(default ${DEFAULT-VALUE}: every round).")
    int evalEvery;

    @Option(names = "--normalization", defaultValue = "unit_range", description = "Feature scaling: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Normalization normalization;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target-gap", description = "Stop once the training loss gap F(w) - F* is at most this epsilon.")
    Double targetGap;

    @Option(names = "--f-star", description = "F*, the optimal training loss the gap is taken from (default 0, or --f-star-from).")
    Double fStar;

    @Option(names = "--f-star-from", description = "Take F* as the lowest training loss in this file: the epochs.csv "
            + "of a fedqnn train run (train_loss) or the rounds.csv of a fedqnn run (training_loss).")
    Path fStarFrom;

    @Option(names = "--baseline", description = "A run folder to report the energy saving against at equal "
            + "accuracy, usually the float32 run of the same configuration.")
    Path baseline;

    @Option(names = "--loss-samples", defaultValue = "" + MeasureSettings.DEFAULT_LOSS_SAMPLES,
            description = "Training samples F(w) is evaluated on each round (default ${DEFAULT-VALUE}).")
    int lossSamples;

    @Option(names = "--mac-units", defaultValue = "" + EnergyParameters.DEFAULT_MAC_UNITS,
            description = "MAC units p of the devices' chip in the ledger (default ${DEFAULT-VALUE}).")
    int macUnits;

    @Option(names = "--power-watts", defaultValue = "0.1", description = "Transmit power P in watts (default ${DEFAULT-VALUE}).")
    double powerWatts;

    @Option(names = "--bandwidth-hertz", defaultValue = "10e6", description = "Bandwidth B in hertz (default ${DEFAULT-VALUE}).")
    double bandwidthHertz;

    /** The energy model, bound parameters, F* and target gap of the run. */
    MeasureSettings measures() {
        EnergyParameters paper = EnergyParameters.paperDefaults();
        EnergyParameters energy = new EnergyParameters(powerWatts, bandwidthHertz, paper.noiseDbm(),
                paper.noiseReading(), paper.macEnergyJoules(), paper.alpha(), paper.nMax(), macUnits);
        if (fStar != null && fStarFrom != null) {
            throw new IllegalArgumentException("give --f-star or --f-star-from, not both");
        }
        double star = 0;
        String source = MeasureSettings.ZERO_F_STAR;
        if (fStar != null) {
            star = fStar;
            source = "given (--f-star)";
        } else if (fStarFrom != null) {
            star = FStar.lowestTrainingLoss(fStarFrom);
            source = "the lowest training loss in " + fStarFrom;
        }
        return new MeasureSettings(energy, ChannelParameters.paperDefaults(), BoundParameters.paperDefaults(), star,
                source, targetGap == null ? Double.NaN : targetGap, lossSamples,
                baseline == null ? null : baseline(baseline));
    }

    /** The run in {@code folder} (its manifest and rounds.csv) as a baseline. */
    static Baseline baseline(Path folder) {
        try {
            List<RoundRow> rounds = RoundRow.read(folder.resolve(RunFolder.ROUNDS));
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("--baseline " + folder + ": its rounds.csv has no round");
            }
            return new Baseline(folder.toString(), Manifest.read(folder).model().trainingPrecision(),
                    rounds.stream().mapToDouble(RoundRow::testAccuracy).toArray(),
                    rounds.stream().mapToDouble(RoundRow::cumulativeJoules).toArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("--baseline " + folder + " is not a readable run folder (it needs "
                    + "rounds.csv and manifest.json): " + e.getMessage(), e);
        }
    }

    /** Applies the preset, if any, to the options it overrides. */
    void applyPreset() {
        if (preset == null) {
            return;
        }
        if (!preset.equalsIgnoreCase("paper")) {
            throw new IllegalArgumentException("--preset must be 'paper', got '" + preset + "'");
        }
        ParseResult given = command.commandLine().getParseResult();
        if (!given.hasMatchedOption("--devices")) {
            partition.devices = 50;
        }
        if (!given.hasMatchedOption("--per-round")) {
            perRound = 30;
        }
        if (!given.hasMatchedOption("--local-steps")) {
            localSteps = 5;
        }
        if (!given.hasMatchedOption("--aggregator")) {
            strategy.aggregator = "fedavg";
        }
    }

    /** The run's settings, for a data set already loaded. */
    RunSettings settings(Dataset ds) {
        applyPreset();
        QnnConfig config = qnn.config();
        TensorShape input = new TensorShape(ds.train().channels(), ds.train().height(), ds.train().width());
        ModelDescription model = ModelDescription.of(qnn.model, input, ds.train().classes(), config, normalization);
        Precision uplink = uplinkBits == null ? config.precision() : uplinkBits;
        double target = Double.NaN;
        if (targetAccuracy != null) {
            if (!(targetAccuracy > 0 && targetAccuracy <= 100)) {
                throw new IllegalArgumentException("--target-accuracy must be a percentage in (0, 100], got "
                        + targetAccuracy);
            }
            target = targetAccuracy / 100;
        }
        int k = perRound;
        Duration deadline = seconds("--round-deadline", roundDeadlineSeconds);
        Duration pollWindow = seconds("--poll-window", pollWindowSeconds);
        return new RunSettings(model, config.precision(), uplink, partition.devices, k, localSteps, batch,
                qnn.learningRate(), seed, ds.name(), ds.fileSha256(), partition.partitioner(), rounds, target,
                quorum != null ? quorum : Math.max(1, (k + 1) / 2), belowQuorum, maxRepeats, deadline,
                seconds("--registration-timeout", registrationSeconds), pollWindow, chunkPayload, maxConcurrentUploads,
                testLimit, measures(), limits.limits(partition.devices, deadline, pollWindow), costMismatch,
                evalEvery);
    }

    private static Duration seconds(String option, double s) {
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got " + s);
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
