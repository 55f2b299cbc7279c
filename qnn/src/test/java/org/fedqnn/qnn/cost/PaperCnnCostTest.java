package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check: the paper's CNN (section IV, Fig. 3) counted by hand. */
class PaperCnnCostTest {

    private static final NetworkCost CIFAR =
            CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.CIFAR10_INPUT);
    private static final NetworkCost MNIST =
            CostCounter.count(ModelSpecs.paperCnn(), ModelSpecs.MNIST_INPUT);

    @Test
    void convolutionMacsOn32x32x3MatchThePaper() {
        // 32*32*64*3*9 + 16*16*64*64*9 + 8*8*256*64*9 = 1,769,472 + 9,437,184 + 9,437,184
        assertEquals(20_643_840L, CIFAR.forwardMacs("conv2d"));
    }

    @Test
    void forwardMacsOn32x32x3IncludeTheDenseLayer() {
        // + 4*4*256 * 10 = 40,960
        assertEquals(40_960L, CIFAR.forwardMacs("dense"));
        assertEquals(20_684_800L, CIFAR.forwardMacs());
    }

    @Test
    void weightsOn32x32x3() {
        // conv 3*9*64+64, conv 64*9*64+64, conv 64*9*256+256, dense 4096*10+10
        assertEquals(1_792L + 36_928L + 147_712L + 40_970L, CIFAR.weights());
        assertEquals(227_402L, CIFAR.weights());
        assertEquals(0L, CIFAR.buffers());
    }

    @Test
    void outputsOn32x32x3() {
        // conv and relu 64x32x32 each, pool 64x16x16, conv and relu 64x16x16, pool 64x8x8,
        // conv and relu 256x8x8, pool 256x4x4, flatten nothing, dense 10
        long expected = 2 * 65_536L + 16_384L + 2 * 16_384L + 4_096L + 2 * 16_384L + 4_096L + 10L;
        assertEquals(221_194L, expected);
        assertEquals(expected, CIFAR.outputs());
    }

    @Test
    void backwardMacsOn32x32x3() {
        // first conv: weight gradient only; the others: input and weight gradient
        long expected = 1_769_472L + 2 * 9_437_184L + 2 * 9_437_184L + 2 * 40_960L;
        assertEquals(39_600_128L, expected);
        assertEquals(expected, CIFAR.backwardMacs());
        assertEquals(20_684_800L, CIFAR.weightGradientMacs());
        assertEquals(20_684_800L - 1_769_472L, CIFAR.inputGradientMacs());
        assertEquals(60_284_928L, CIFAR.trainingMacs());
    }

    @Test
    void shapesOn32x32x3() {
        List<String> outputs = CIFAR.layers().stream().map(r -> r.output().toString()).toList();
        assertEquals(List.of("64x32x32", "64x32x32", "64x16x16", "64x16x16", "64x16x16",
                "64x8x8", "256x8x8", "256x8x8", "256x4x4", "4096x1x1", "10x1x1"), outputs);
        assertEquals(TensorShape.flat(10), CIFAR.output());
    }

    @Test
    void countsOn28x28x1PoolDownTo3x3() {
        List<String> outputs = MNIST.layers().stream().map(r -> r.output().toString()).toList();
        assertEquals(List.of("64x28x28", "64x28x28", "64x14x14", "64x14x14", "64x14x14",
                "64x7x7", "256x7x7", "256x7x7", "256x3x3", "2304x1x1", "10x1x1"), outputs);
        // 28*28*64*1*9 + 14*14*64*64*9 + 7*7*256*64*9
        assertEquals(451_584L + 7_225_344L + 7_225_344L, MNIST.forwardMacs("conv2d"));
        assertEquals(14_902_272L + 23_040L, MNIST.forwardMacs());
        assertEquals(640L + 36_928L + 147_712L + 23_050L, MNIST.weights());
        assertEquals(208_330L, MNIST.weights());
        long outputs2 = 2 * 50_176L + 12_544L + 2 * 12_544L + 3_136L + 2 * 12_544L + 2_304L
                + 10L;
        assertEquals(168_522L, outputs2);
        assertEquals(outputs2, MNIST.outputs());
        assertEquals(451_584L + 4 * 7_225_344L + 2 * 23_040L, MNIST.backwardMacs());
        assertEquals(29_399_040L, MNIST.backwardMacs());
    }

    @Test
    void activationChoiceDoesNotChangeCounts() {
        NetworkCost hardtanh = CostCounter.count(
                ModelSpecs.paperCnn(Activation.Type.HARDTANH), ModelSpecs.CIFAR10_INPUT);
        assertEquals(CIFAR.trainingMacs(), hardtanh.trainingMacs());
        assertEquals(CIFAR.weights(), hardtanh.weights());
        assertEquals(CIFAR.outputs(), hardtanh.outputs());
    }
}
