package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Composite blocks counted by hand. */
class BlockCostTest {

    /**
     * A ResNet bottleneck with projection shortcut, 64x8x8 in, 128x4x4 out (stride 2):
     * main 1x1/1 32, BN, ReLU, 3x3/2 pad 1 32, BN, ReLU, 1x1/1 128, BN; shortcut 1x1/2 128, BN;
     * then the add and a ReLU after the block.
     */
    static ResidualBlock bottleneck() {
        return new ResidualBlock(
                List.of(Conv2d.of(32, 1, 1, Padding.valid()).withoutBias(), BatchNorm.standard(),
                        Activation.relu(),
                        Conv2d.of(32, 3, 2, Padding.of(1)).withoutBias(), BatchNorm.standard(),
                        Activation.relu(),
                        Conv2d.of(128, 1, 1, Padding.valid()).withoutBias(),
                        BatchNorm.standard()),
                List.of(Conv2d.of(128, 1, 2, Padding.valid()).withoutBias(),
                        BatchNorm.standard()));
    }

    @Test
    void bottleneckBlockByHand() {
        NetworkSpec net = NetworkSpec.of("bottleneck", bottleneck(), Activation.relu());
        NetworkCost cost = CostCounter.count(net, new TensorShape(64, 8, 8));

        assertEquals(new TensorShape(128, 4, 4), cost.output());
        assertEquals(List.of("0/main/0", "0/main/1", "0/main/2", "0/main/3", "0/main/4",
                "0/main/5", "0/main/6", "0/main/7", "0/shortcut/0", "0/shortcut/1", "0/add", "1"),
                cost.layers().stream().map(LayerCost::path).toList());

        long m0 = 8 * 8 * 32 * 64;        // 1x1, 64 -> 32, 8x8
        long m3 = 4 * 4 * 32 * 32 * 9;    // 3x3 stride 2 pad 1: 8 -> 4
        long m6 = 4 * 4 * 128 * 32;       // 1x1, 32 -> 128
        long s0 = 4 * 4 * 128 * 64;       // 1x1 stride 2, 64 -> 128
        assertEquals(475_136L, m0 + m3 + m6 + s0);
        assertEquals(m0 + m3 + m6 + s0, cost.forwardMacs());

        // conv kernels 64*32, 32*32*9, 32*128, 64*128; BN scale+shift 2*(32+32+128+128)
        assertEquals(2_048L + 9_216L + 4_096L + 8_192L + 640L, cost.weights());
        assertEquals(24_192L, cost.weights());
        assertEquals(640L, cost.buffers()); // running mean and variance, not in N_s

        // main: conv, BN, ReLU at 32x8x8 (3 x 2048), at 32x4x4 (3 x 512), conv, BN at 128x4x4
        // (2 x 2048); shortcut conv, BN (2 x 2048); add 2048; ReLU 2048
        assertEquals(3 * 2_048L + 3 * 512L + 2 * 2_048L + 2 * 2_048L + 2_048L + 2_048L,
                cost.outputs());
        assertEquals(19_968L, cost.outputs());

        // the block is first: the two convs that read the network input get no input gradient
        assertEquals(m3 + m6, cost.inputGradientMacs());
        assertEquals(m0 + m3 + m6 + s0, cost.weightGradientMacs());
        assertEquals(688_128L, cost.backwardMacs());
    }

    @Test
    void bottleneckAfterAStemGetsAllInputGradients() {
        NetworkSpec net = NetworkSpec.of("stem+bottleneck",
                Conv2d.of(64, 3, 1, Padding.same()), bottleneck());
        NetworkCost cost = CostCounter.count(net, new TensorShape(3, 8, 8));
        long stem = 8 * 8 * 64 * 3 * 9;
        assertEquals(stem + 475_136L, cost.forwardMacs());
        assertEquals(stem + 2 * 475_136L, cost.backwardMacs());
    }

    @Test
    void squeezeExcitationByHand() {
        NetworkSpec net = NetworkSpec.of("se", SqueezeExcitation.standard(16, 4));
        NetworkCost cost = CostCounter.count(net, new TensorShape(16, 4, 4));
        assertEquals(new TensorShape(16, 4, 4), cost.output());
        assertEquals(List.of("0/gate/0", "0/gate/1", "0/gate/2", "0/gate/3", "0/gate/4",
                "0/scale"), cost.layers().stream().map(LayerCost::path).toList());
        assertEquals(16L * 4 + 4L * 16, cost.forwardMacs());
        assertEquals(16L * 4 + 4 + 4L * 16 + 16, cost.weights());
        // pool 16, dense 4, relu 4, dense 16, sigmoid 16, scale 16*4*4
        assertEquals(16L + 4 + 4 + 16 + 16 + 256, cost.outputs());
        // first dense: weight gradient only; second: both
        assertEquals(64L + 2 * 64L, cost.backwardMacs());
    }

    @Test
    void concatenationAddsChannelsAndStoresNothingItself() {
        ConcatBlock block = new ConcatBlock(List.of(
                List.of(),
                List.of(Conv2d.of(4, 1, 1, Padding.valid())),
                List.of(Conv2d.of(4, 3, 1, Padding.same()))));
        NetworkCost cost = CostCounter.count(NetworkSpec.of("concat", block),
                new TensorShape(8, 6, 6));
        assertEquals(new TensorShape(16, 6, 6), cost.output());
        assertEquals(36L * 4 * 8 + 36L * 4 * 8 * 9, cost.forwardMacs());
        assertEquals(144L + 144L, cost.outputs());
        LayerCost join = cost.layers().get(cost.layers().size() - 1);
        assertEquals("0/concat", join.path());
        assertEquals("channels 8+4+4", join.detail());
    }

    @Test
    void dualPathAddsResidualChannelsAndConcatenatesTheRest() {
        // input = [8 residual | 4 dense]; main makes 8 + 2 channels
        DualPathBlock block = new DualPathBlock(
                List.of(Conv2d.of(10, 1, 1, Padding.valid()).withoutBias()), List.of(), 8);
        NetworkCost cost = CostCounter.count(NetworkSpec.of("dpn", block),
                new TensorShape(12, 5, 5));
        assertEquals(new TensorShape(8 + 4 + 2, 5, 5), cost.output());
        assertEquals(25L * 10 * 12, cost.forwardMacs());
        assertEquals(10L * 12, cost.weights());
        assertEquals(250L + 8 * 25, cost.outputs()); // conv output, then the 8x5x5 sums
    }
}
