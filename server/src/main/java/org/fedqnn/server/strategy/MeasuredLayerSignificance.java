package org.fedqnn.server.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.SeededShuffle;
import org.fedqnn.datasets.tensor.FeatureScaling;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.alloc.LayerDistortion;
import org.fedqnn.qnn.alloc.MeasuredSignificance;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.measures.ModelEvaluator;

/**
 * The measured significance ({@link MeasuredSignificance}) in a run: with w = w_{t-1} and
 * delta = w_t - w_{t-1} the last aggregated step, the loss on a small sample of the server's
 * training images rises by F(w + Q_b(delta_l) + delta_rest) - F(w_t) when tensor l's part of
 * the delta alone is quantized at b bits (stochastic rounding, as a device would send it). The
 * sample (never the test images, so the test accuracy stays unbiased) and every quantization
 * draw ({@code StreamKey.Purpose.SIGNIFICANCE}) come from the run seed; F is the server's
 * deterministic n-bit network, as for the training loss. Before the first aggregation there is
 * no delta: the analytic proxy with e_l = 1 stands in.
 *
 * <p>Cost: 1 + L W evaluations of the sample per aggregated model (L quantized tensors, W
 * widths), once per model (a repeated round reuses them); one more network in the server's
 * memory. Not thread-safe: the round loop calls it from its one thread.
 */
public final class MeasuredLayerSignificance implements LayerSignificance {

    /** The default size of the sample. */
    public static final int DEFAULT_SAMPLES = 128;

    private final ModelEvaluator evaluator;
    private final long seed;
    private final LayerSignificance firstRounds = new AnalyticLayerSignificance();
    private long cachedRound = -1;
    private List<LayerDistortion> cached;

    /**
     * @param evaluator F on the sample, with its own network of the run's model
     * @param seed      the run seed, for the quantization draws
     */
    public MeasuredLayerSignificance(ModelEvaluator evaluator, long seed) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.seed = seed;
    }

    /**
     * The measured significance of the run {@code s} on {@code samples} training images of
     * {@code data}, drawn without replacement from the seed (all of them when there are fewer).
     */
    public static MeasuredLayerSignificance of(RunSettings s, Dataset data, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("the significance sample needs at least 1 image, got " + samples);
        }
        LabeledImages train = data.train();
        int[] all = SeededShuffle.permutation(train.count(),
                StreamKey.derive(s.seed(), StreamKey.Purpose.SIGNIFICANCE, 0, -1, 0));
        int[] picked = Arrays.copyOf(all, Math.min(samples, all.length));
        Arrays.sort(picked);
        ModelEvaluator f = new ModelEvaluator(s.model().create(s.trainingPrecision(), s.seed()), train,
                FeatureScaling.fit(train, s.model().normalization()), picked);
        return new MeasuredLayerSignificance(f, s.seed());
    }

    @Override
    public String name() {
        return "measured";
    }

    /** The images the loss is measured on. */
    public int samples() {
        return evaluator.samples();
    }

    @Override
    public List<LayerDistortion> tables(ModelLayout layout, GlobalModel previous, GlobalModel current,
                                        Widths widths) {
        if (previous == null) {
            return firstRounds.tables(layout, null, current, widths);
        }
        if (cached != null && cachedRound == current.round()) {
            return cached;
        }
        double reference = evaluator.evaluate(current).meanLoss();
        float[][] mixed = new float[current.size()][];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = current.tensor(i);
        }
        List<ParameterInfo> params = layout.parameters();
        List<LayerDistortion> tables = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            ParameterInfo p = params.get(i);
            if (!p.quantized()) {
                continue;
            }
            float[] before = previous.tensor(i);
            float[] after = current.tensor(i);
            float[] delta = new float[after.length];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = after[j] - before[j];
            }
            float[] sent = new float[delta.length];
            MeasuredSignificance measured = new MeasuredSignificance(widths, reference, (layer, bits) -> {
                long key = StreamKey.child(StreamKey.derive(seed, StreamKey.Purpose.SIGNIFICANCE, current.round(), -1,
                        layer), bits);
                Quantizer.stochastic(bits).quantize(delta, sent, key);
                for (int j = 0; j < sent.length; j++) {
                    sent[j] += before[j];
                }
                mixed[layer] = sent;
                try {
                    return evaluator.evaluate(new GlobalModel(current.round(), mixed)).meanLoss();
                } finally {
                    mixed[layer] = after;
                }
            });
            tables.add(measured.table(i, p.name(), p.length()));
        }
        cached = List.copyOf(tables);
        cachedRound = current.round();
        return cached;
    }
}
