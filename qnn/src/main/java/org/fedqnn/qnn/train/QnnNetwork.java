package org.fedqnn.qnn.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.TensorShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * A network of a {@link NetworkSpec} that trains on ND4J at a {@link Precision}: the local
 * training of the paper's section II.A, eqs. (5)-(7).
 *
 * <p>In QNN mode every step draws {@code w^Q = Q(w)} from the full-precision shadow weights
 * with the stochastic quantizer of eq. (4), runs forward with activations clipped and
 * quantized to n bits, back-propagates with the straight-through estimator, applies plain
 * SGD to the shadow weights at full precision and clips them to [-1, 1]. In float32 mode
 * nothing is quantized or clipped. Inputs are images in NHWC order, float32.
 *
 * <p>Same seed, configuration, data and thread count give the same losses, bit for bit.
 * Not thread-safe: one network per thread.
 */
public final class QnnNetwork {

    private final NetworkSpec spec;
    private final TensorShape inputShape;
    private final QnnConfig config;
    private final List<Stage> stages;
    private final List<Param> params;
    private final int classes;
    private final Quantizer weightQuantizer;
    private final Quantizer trainActivations;
    private final Quantizer evalQuantizer;
    /** ||g||^2 of the last training step, see {@link #lastGradientSquaredNorm()}. */
    private double lastGradientSquaredNorm = Double.NaN;
    private INDArray inputBuffer;
    /** The evaluation pass on integer codes, planned at the first evaluation; null where it does not apply. */
    private IntegerForward integer;
    private boolean integerPlanned;
    private INDArray logitGrad;

    private QnnNetwork(NetworkSpec spec, TensorShape inputShape, QnnConfig config) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.config = config;
        this.stages = NetworkBuilder.build(spec, inputShape, config);
        List<Param> ps = new ArrayList<>();
        for (Stage s : stages) {
            ps.addAll(s.params());
        }
        this.params = Collections.unmodifiableList(ps);
        this.classes = (int) stages.get(stages.size() - 1).out[0];
        if (config.quantized()) {
            FixedPointFormat f = config.precision().format();
            this.weightQuantizer = new Quantizer(f, Rounding.STOCHASTIC);
            this.trainActivations = new Quantizer(f, config.activationRounding());
            this.evalQuantizer = new Quantizer(f, Rounding.NEAREST);
        } else {
            this.weightQuantizer = null;
            this.trainActivations = null;
            this.evalQuantizer = null;
        }
    }

    /**
     * A network with freshly initialised weights: He-uniform, {@code U(-sqrt(6/fanIn), sqrt(6/fanIn))}
     * divided by the layer's {@link LayerScale}, clipped to [-1, 1] in QNN mode; biases 0. Draws come from
     * {@code derive(seed, INITIALISATION, 0, 0, tensor index)}.
     *
     * @throws IllegalArgumentException when the spec has a layer the trainer does not run, or does
     *                                  not fit {@code input}; the message names it
     */
    public static QnnNetwork create(NetworkSpec spec, TensorShape input, QnnConfig config, long seed) {
        QnnNetwork net = new QnnNetwork(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(input, "input"),
                Objects.requireNonNull(config, "config"));
        net.initialise(seed);
        return net;
    }

    private void initialise(long seed) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            float[] v = new float[Math.toIntExact(p.length())];
            if (p.shape.length > 1) {
                long fanIn = p.length() / p.shape[p.shape.length - 1];
                double limit = Math.sqrt(6.0 / fanIn) / p.scale;
                SplittableRandom r = new SplittableRandom(
                        StreamKey.derive(seed, StreamKey.Purpose.INITIALISATION, 0, 0, i));
                for (int k = 0; k < v.length; k++) {
                    double w = (2 * r.nextDouble() - 1) * limit;
                    v[k] = (float) (config.quantized() ? Math.max(-1, Math.min(1, w)) : w);
                }
            }
            FloatBuffers.of(p.shadow).put(v);
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** One input image, channels x height x width (fed in NHWC order). */
    public TensorShape inputShape() {
        return inputShape;
    }

    public QnnConfig config() {
        return config;
    }

    /** The number of classes (outputs of the last layer). */
    public int classes() {
        return classes;
    }

    /** Input floats per sample. */
    public int inputSize() {
        return Math.toIntExact(inputShape.elements());
    }

    /** The trainable tensors, in a fixed order. */
    public List<ParameterInfo> parameters() {
        List<ParameterInfo> out = new ArrayList<>(params.size());
        for (Param p : params) {
            out.add(new ParameterInfo(p.name, p.shape, p.quantized));
        }
        return out;
    }

    /** Total trainable values (N_s). */
    public long parameterCount() {
        long n = 0;
        for (Param p : params) {
            n += p.length();
        }
        return n;
    }

    /** A copy of the shadow weights of tensor {@code index}. */
    public float[] parameterValues(int index) {
        Param p = params.get(Objects.checkIndex(index, params.size()));
        float[] v = new float[Math.toIntExact(p.length())];
        FloatBuffers.of(p.shadow).get(v);
        return v;
    }

    /**
     * Replaces the shadow weights of tensor {@code index}.
     *
     * @throws IllegalArgumentException on a wrong length or a NaN/infinite value, naming the tensor;
     *                                  nothing is changed then
     */
    public void setParameterValues(int index, float[] values) {
        Param p = params.get(Objects.checkIndex(index, params.size()));
        if (values.length != p.length()) {
            throw new IllegalArgumentException(p.name + ": expected " + p.length() + " values "
                    + Arrays.toString(p.shape) + ", got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(p.name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        FloatBuffers.of(p.shadow).put(values);
    }

    /**
     * One local step of eq. (6) on a batch: quantize, forward, back-propagate, update.
     *
     * @param features     {@code batch} images in NHWC order, {@link #inputSize()} floats each
     * @param labels       {@code batch} class indices
     * @param batch        the number of samples, at least 1
     * @param learningRate eta, finite and > 0
     * @param keys         where the step sits, for the quantization draws
     * @return the mean cross-entropy of the batch at the weights used in the step (before the update)
     * @throws ArithmeticException when a gradient is NaN or infinite; no weight is changed then
     */
    public double trainStep(float[] features, int[] labels, int batch, double learningRate, StepKeys keys) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        Objects.requireNonNull(keys, "keys");
        INDArray x = load(features, labels, batch);
        if (config.quantized()) {
            for (Param p : params) {
                p.quantizeForTraining(weightQuantizer, keys);
            }
        }
        Pass pass = new Pass(true, keys, trainActivations);
        INDArray logits = forward(x, pass);
        float[] grad = new float[batch * classes];
        Evaluation e = SoftmaxCrossEntropy.apply(logitsToHeap(logits, batch), labels, batch, classes, grad);
        if (logitGrad == null || logitGrad.size(0) != batch) {
            logitGrad = Nd4j.create(DataType.FLOAT, new long[] {batch, classes}, 'c');
        }
        FloatBuffers.of(logitGrad).put(grad);
        INDArray g = logitGrad;
        int firstWithParams = firstStageWithParams();
        for (int i = stages.size() - 1; i >= firstWithParams; i--) {
            g = stages.get(i).backward(g, i > firstWithParams);
        }
        for (Param p : params) {
            int bad = FloatBuffers.firstNonFinite(p.grad);
            if (bad >= 0) {
                throw new ArithmeticException("gradient of " + p.name + " is not finite at element " + bad
                        + "; training diverged (lower the learning rate)");
            }
        }
        double squaredNorm = 0;
        for (Param p : params) {
            squaredNorm += FloatBuffers.sumOfSquares(p.grad) / Math.pow(p.scale, 4);
        }
        lastGradientSquaredNorm = squaredNorm;
        float rate = (float) learningRate;
        for (Param p : params) {
            FloatBuffers.sgd(p.shadow, p.grad, rate / (p.scale * p.scale), config.quantized());
        }
        return e.meanLoss();
    }

    /**
     * ||g||^2 of the last {@link #trainStep}'s stochastic gradient, with g the step's direction
     * as the update applies it to the shadow weights (w &lt;- w - eta g, before clipping): the
     * back-propagated gradient of each tensor divided by its layer scale squared. NaN before
     * the first step.
     */
    public double lastGradientSquaredNorm() {
        return lastGradientSquaredNorm;
    }

    /**
     * Adds the last {@link #trainStep}'s g (as {@link #lastGradientSquaredNorm()} defines it) to
     * {@code sums}, one array per parameter tensor in {@link #parameters()} order.
     */
    public void addLastGradient(double[][] sums) {
        if (sums.length != params.size()) {
            throw new IllegalArgumentException("need " + params.size() + " gradient sums, got " + sums.length);
        }
        for (int i = 0; i < sums.length; i++) {
            Param p = params.get(i);
            java.nio.FloatBuffer g = FloatBuffers.of(p.grad);
            double[] sum = sums[i];
            if (sum.length != g.limit()) {
                throw new IllegalArgumentException("gradient sum " + i + " (" + p.name + ") must hold " + g.limit()
                        + " values, got " + sum.length);
            }
            double factor = 1.0 / ((double) p.scale * p.scale);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += factor * g.get(j);
            }
        }
    }

    /**
     * Loss and accuracy on a batch with the deterministic model: weights and activations rounded
     * to nearest at n bits (the shadow weights themselves in float32 mode).
     */
    public Evaluation evaluate(float[] features, int[] labels, int batch) {
        INDArray x = load(features, labels, batch);
        if (config.quantized()) {
            for (Param p : params) {
                p.quantizeForEvaluation(evalQuantizer);
            }
        }
        Pass pass = new Pass(false, null, evalQuantizer);
        if (!integerPlanned) {
            integer = IntegerForward.plan(stages, config);
            integerPlanned = true;
        }
        INDArray logits = null;
        if (integer != null) {
            try {
                logits = integer.forward(x, pass);
            } catch (IllegalStateException e) {
                // oneDNN refused a primitive for this shape: the float pass gives the same figures.
                LoggerFactory.getLogger(QnnNetwork.class).warn("Integer evaluation failed ({}); this network "
                        + "evaluates with the float pass from now on", e.getMessage());
                integer = null;
            }
        }
        if (logits == null) {
            logits = forward(x, pass);
        }
        return SoftmaxCrossEntropy.apply(logitsToHeap(logits, batch), labels, batch, classes, null);
    }

    private INDArray load(float[] features, int[] labels, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        long need = Math.multiplyExact((long) batch, inputSize());
        if (features.length < need) {
            throw new IllegalArgumentException("features hold " + features.length + " floats, a batch of "
                    + batch + " " + inputShape + " images needs " + need);
        }
        if (labels.length < batch) {
            throw new IllegalArgumentException("labels hold " + labels.length + " values, need " + batch);
        }
        for (int i = 0; i < need; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException("features[" + i + "] must be finite, got " + features[i]);
            }
        }
        if (inputBuffer == null || inputBuffer.size(0) != batch) {
            inputBuffer = Nd4j.create(DataType.FLOAT, Stage.batched(batch, stages.get(0).in), 'c');
        }
        FloatBuffers.of(inputBuffer).put(features, 0, (int) need);
        return inputBuffer;
    }

    private INDArray forward(INDArray x, Pass pass) {
        INDArray a = x;
        for (Stage s : stages) {
            a = s.forward(a, pass);
        }
        return a;
    }

    private float[] logitsToHeap(INDArray logits, int batch) {
        float[] out = new float[batch * classes];
        FloatBuffer fb = FloatBuffers.of(logits);
        fb.get(out);
        return out;
    }

    /**
     * Whether {@link #evaluate} runs its convolutions on integer codes ({@link IntegerForward}):
     * {@code on} where the network allows it, else the float pass. For tests and benchmarks.
     *
     * @return whether the integer pass is now in use
     */
    boolean useIntegerEvaluation(boolean on) {
        integer = on ? IntegerForward.plan(stages, config) : null;
        integerPlanned = true;
        return integer != null;
    }

    List<Stage> stagesForTest() {
        return stages;
    }

    private int firstStageWithParams() {
        for (int i = 0; i < stages.size(); i++) {
            if (!stages.get(i).params().isEmpty()) {
                return i;
            }
        }
        throw new IllegalStateException("network has no parameters");
    }
}
