package org.fedqnn.server;

import java.time.Duration;
import java.util.Map;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.bound.BoundParameters;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.energy.ChannelParameters;
import org.fedqnn.qnn.energy.EnergyParameters;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.LearningRate;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.measures.MeasureSettings;

/** Run settings for unit tests that need no data set. */
public final class TestSettings {

    private TestSettings() {
    }

    /** An MLP run of N devices, K per round, I local steps at n bits, with F* = {@code fStar}. */
    public static RunSettings settings(int devices, int perRound, int steps, int bits, double fStar) {
        ModelDescription model = new ModelDescription("mlp", ModelSpecs.MNIST_INPUT, 10, LayerPolicy.ALL,
                ClippedActivation.RELU1, Rounding.STOCHASTIC, LayerScale.POW2, Normalization.UNIT_RANGE);
        MeasureSettings measures = new MeasureSettings(EnergyParameters.paperDefaults(),
                ChannelParameters.paperDefaults(), BoundParameters.paperDefaults(), fStar, "given", Double.NaN, 100, null);
        return new RunSettings(model, Precision.fixed(bits), Precision.fixed(bits), devices, perRound, steps, 8,
                LearningRate.DEFAULT, 3, "fashion-mnist", Map.of(), new IidPartitioner(), 5, Double.NaN, 1,
                BelowQuorum.REPEAT, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(2),
                1 << 16, 4, 0, measures);
    }

    /** {@code s} measured against {@code measures}. */
    public static RunSettings withMeasures(RunSettings s, MeasureSettings measures) {
        return new RunSettings(s.model(), s.trainingPrecision(), s.uplinkPrecision(), s.devices(), s.devicesPerRound(),
                s.localSteps(), s.batchSize(), s.learningRate(), s.seed(), s.dataset(), s.datasetSha256(),
                s.partitioner(), s.maxRounds(), s.targetAccuracy(), s.quorum(), s.belowQuorum(), s.maxRepeats(),
                s.roundDeadline(), s.registrationTimeout(), s.pollWindow(), s.maxChunkPayloadBytes(),
                s.maxConcurrentUploads(), s.testLimit(), measures, s.limits(), s.costMismatch());
    }

    /** {@code s} with at most {@code uploads} updates staged at once. */
    public static RunSettings withMaxUploads(RunSettings s, int uploads) {
        return new RunSettings(s.model(), s.trainingPrecision(), s.uplinkPrecision(), s.devices(), s.devicesPerRound(),
                s.localSteps(), s.batchSize(), s.learningRate(), s.seed(), s.dataset(), s.datasetSha256(),
                s.partitioner(), s.maxRounds(), s.targetAccuracy(), s.quorum(), s.belowQuorum(), s.maxRepeats(),
                s.roundDeadline(), s.registrationTimeout(), s.pollWindow(), s.maxChunkPayloadBytes(), uploads,
                s.testLimit(), s.measures(), s.limits(), s.costMismatch());
    }

    /** {@code s} with seed {@code seed}. */
    public static RunSettings withSeed(RunSettings s, long seed) {
        return new RunSettings(s.model(), s.trainingPrecision(), s.uplinkPrecision(), s.devices(), s.devicesPerRound(),
                s.localSteps(), s.batchSize(), s.learningRate(), seed, s.dataset(), s.datasetSha256(),
                s.partitioner(), s.maxRounds(), s.targetAccuracy(), s.quorum(), s.belowQuorum(), s.maxRepeats(),
                s.roundDeadline(), s.registrationTimeout(), s.pollWindow(), s.maxChunkPayloadBytes(),
                s.maxConcurrentUploads(), s.testLimit(), s.measures());
    }
}
