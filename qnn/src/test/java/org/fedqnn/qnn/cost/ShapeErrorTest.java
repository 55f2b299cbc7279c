package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Layers that do not fit their input fail with a message naming network, layer and shapes. */
class ShapeErrorTest {

    private static LayerShapeException fail(NetworkSpec net, TensorShape input) {
        return assertThrows(LayerShapeException.class, () -> CostCounter.count(net, input));
    }

    @Test
    void kernelLargerThanPaddedInput() {
        NetworkSpec net = NetworkSpec.of("t", Conv2d.of(8, 5, 1, Padding.of(1)));
        LayerShapeException e = fail(net, new TensorShape(1, 2, 9));
        assertEquals("network 't', layer 0: conv2d (5x5/1 pad 1, 8 filters): kernel height 5 is"
                + " larger than the padded input height 4 (input height 2, padding pad 1)"
                + " (input 1x2x9)", e.getMessage());
        assertEquals("0", e.path());
        assertEquals("t", e.network());
    }

    @Test
    void paperCnnOnATinyInputFailsAtTheLastPool() {
        LayerShapeException e = fail(ModelSpecs.paperCnn(), new TensorShape(1, 4, 4));
        assertEquals("network 'paper-cnn', layer 8: max-pool (2x2/2 valid): kernel height 2 is"
                + " larger than the padded input height 1 (input height 1, padding valid)"
                + " (input 256x1x1)", e.getMessage());
    }

    @Test
    void denseNeedsAFlatInput() {
        LayerShapeException e = fail(NetworkSpec.of("d", Dense.of(10)), ModelSpecs.MNIST_INPUT);
        assertEquals("network 'd', layer 0: dense (10 units): needs a flat input"
                + " (features x 1 x 1), got 1x28x28; put a flatten or global-avg-pool before it",
                e.getMessage());
    }

    @Test
    void groupsMustDivideInputChannels() {
        NetworkSpec net = NetworkSpec.of("g", Conv2d.of(8, 3, 1, Padding.same()).withGroups(4));
        LayerShapeException e = fail(net, new TensorShape(6, 5, 5));
        assertEquals("network 'g', layer 0: conv2d (3x3/1 same, 8 filters, 4 groups): input"
                + " channels 6 are not a multiple of groups 4 (input 6x5x5)", e.getMessage());
    }

    @Test
    void residualBranchesMustMatch() {
        ResidualBlock block = ResidualBlock.identity(
                List.of(Conv2d.of(16, 3, 2, Padding.same())));
        LayerShapeException e = fail(NetworkSpec.of("r", block), new TensorShape(8, 6, 6));
        assertEquals("network 'r', layer 0: residual (main 1 layer, shortcut identity): main"
                + " branch output 16x3x3 differs from shortcut output 8x6x6"
                + " (block input 8x6x6)", e.getMessage());
    }

    @Test
    void errorsInsideBlocksNameTheNestedPath() {
        ResidualBlock block = ResidualBlock.identity(
                List.of(new Flatten(), Conv2d.of(4, 3, 1, Padding.valid())));
        LayerShapeException e = fail(NetworkSpec.of("n", new Identity(), block),
                new TensorShape(4, 3, 3));
        assertEquals("1/main/1", e.path());
    }

    @Test
    void gateMustGiveOneValuePerChannel() {
        SqueezeExcitation se = SqueezeExcitation.standard(16, 4);
        LayerShapeException e = fail(NetworkSpec.of("s", se), new TensorShape(8, 4, 4));
        assertEquals("network 's', layer 0:"
                + " squeeze-excitation (gate 5 layers): gate output 16x1x1 must be 8x1x1 (one value per"
                + " input channel) (block input 8x4x4)", e.getMessage());
    }

    @Test
    void concatBranchesMustShareRowsAndColumns() {
        ConcatBlock block = new ConcatBlock(List.of(List.of(),
                List.of(Pool2d.max(2, 2, Padding.valid()))));
        LayerShapeException e = fail(NetworkSpec.of("c", block), new TensorShape(4, 4, 4));
        assertEquals("network 'c', layer 0: concat (2 branches): branch 1 output 4x2x2 has other"
                + " rows/columns than branch 0 output 4x4x4 (block input 4x4x4)", e.getMessage());
    }

    @Test
    void dualPathResidualChannelsMustExist() {
        DualPathBlock block = new DualPathBlock(List.of(Conv2d.of(4, 1, 1, Padding.valid())),
                List.of(), 6);
        LayerShapeException e = fail(NetworkSpec.of("p", block), new TensorShape(8, 2, 2));
        assertEquals("network 'p', layer 0: dual-path (main 1 layer, shortcut identity, 6"
                + " residual channels): residual channels 6 exceed main output 4x2x2 or shortcut"
                + " output 8x2x2 (block input 8x2x2)", e.getMessage());
    }
}
