package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.TensorShape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The integer evaluation pass gives the float pass's figures, bit for bit, or stays out of the way. */
class IntegerForwardTest {

    @BeforeAll
    static void needsVnni() {
        Assumptions.assumeTrue(Dnnl.AVAILABLE, () -> "integer evaluation unavailable here: " + Dnnl.UNAVAILABLE_BECAUSE);
    }

    @ParameterizedTest(name = "paper-cnn at n = {0} on {1}, {2} layers quantized")
    @CsvSource({"8, mnist, all", "4, mnist, all", "2, mnist, all", "6, cifar10, all", "8, cifar10, all",
        "5, mnist, float-first-last"})
    void sameFiguresAsTheFloatPass(int bits, String input, String layers) {
        TensorShape shape = input.equals("mnist") ? ModelSpecs.MNIST_INPUT : ModelSpecs.CIFAR10_INPUT;
        QnnConfig config = QnnConfig.paper(bits).withLayers(LayerPolicy.parse(layers));
        QnnNetwork floats = trained(shape, config, bits);
        QnnNetwork integers = trained(shape, config, bits);
        assertFalse(floats.useIntegerEvaluation(false));
        assertTrue(integers.useIntegerEvaluation(true), "paper-cnn at n = " + bits + " runs on integer codes");
        Random r = new Random(40 + bits);
        for (int batch : new int[] {64, 37, 64, -1, 64}) {
            if (batch < 0) {
                // New weights: the integer pass must pick them up.
                for (QnnNetwork net : new QnnNetwork[] {floats, integers}) {
                    int[] y = new int[16];
                    float[] x = images(shape, 16, new Random(7), y);
                    net.trainStep(x, y, 16, 0.5, new StepKeys(bits, 0, 0, 99));
                }
                continue;
            }
            int[] labels = new int[batch];
            float[] x = images(shape, batch, r, labels);
            Evaluation expected = floats.evaluate(x, labels, batch);
            Evaluation actual = integers.evaluate(x, labels, batch);
            assertEquals(expected.correct(), actual.correct());
            assertEquals(Double.doubleToLongBits(expected.lossSum()), Double.doubleToLongBits(actual.lossSum()),
                    () -> "loss " + expected.lossSum() + " against " + actual.lossSum());
        }
    }

    @Test
    void onlyWhereTheSumsAreExact() {
        TensorShape mnist = ModelSpecs.MNIST_INPUT;
        assertFalse(QnnNetwork.create(ModelSpecs.paperCnn(), mnist, QnnConfig.float32(), 1).useIntegerEvaluation(true));
        assertFalse(QnnNetwork.create(ModelSpecs.paperCnn(), mnist, QnnConfig.paper(9), 1).useIntegerEvaluation(true),
                "above 8 bits the codes do not fit a byte");
        assertFalse(QnnNetwork.create(ModelSpecs.mlp(), mnist, QnnConfig.paper(8), 1).useIntegerEvaluation(true),
                "no convolution after a quantizing activation");
    }

    /** A network after a few training steps on random images, so that biases and weights spread. */
    private static QnnNetwork trained(TensorShape shape, QnnConfig config, long seed) {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.paperCnn(), shape, config, seed);
        Random r = new Random(seed);
        for (int step = 0; step < 4; step++) {
            int[] y = new int[32];
            float[] x = images(shape, 32, r, y);
            net.trainStep(x, y, 32, 0.5, new StepKeys(seed, 0, 0, step));
        }
        return net;
    }

    /** Images with values in [0, 3): some activations saturate, some round at a half. */
    private static float[] images(TensorShape shape, int batch, Random r, int[] labels) {
        float[] x = new float[batch * shape.channels() * shape.height() * shape.width()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(4) == 0 ? 0f : r.nextInt(3 * 256) / 256f;
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        return x;
    }
}
