package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Output sizes of convolution and pooling windows. */
class WindowShapeTest {

    private static TensorShape out(Layer layer, TensorShape in) {
        return layer.outputShape(in);
    }

    @Test
    void sameKeepsCeilOfInputOverStride() {
        assertEquals(new TensorShape(8, 4, 4), out(Conv2d.of(8, 3, 2, Padding.same()),
                new TensorShape(3, 7, 7)));
        assertEquals(new TensorShape(8, 1, 1), out(Conv2d.of(8, 5, 1, Padding.same()),
                new TensorShape(3, 1, 1)));
    }

    @Test
    void validAndExplicitRoundDown() {
        // AlexNet first layer: (224 + 2 + 2 - 11) / 4 + 1 = 217 / 4 + 1 = 55 (floor)
        assertEquals(new TensorShape(64, 55, 55), out(Conv2d.of(64, 11, 4, Padding.of(2)),
                new TensorShape(3, 224, 224)));
        assertEquals(new TensorShape(64, 3, 3), out(Pool2d.max(2, 2, Padding.valid()),
                new TensorShape(64, 7, 7)));
        assertEquals(new TensorShape(64, 56, 56), out(Pool2d.max(3, 2, Padding.of(1)),
                new TensorShape(64, 112, 112)));
        assertEquals(new TensorShape(2, 6, 3), out(new Conv2d(2, 3, 1, 1, 2, new Padding
                .Explicit(1, 2, 0, 0), true, 1), new TensorShape(1, 5, 6)));
    }

    @Test
    void averagePoolingAndOtherLayersKeepOrFlattenShape() {
        assertEquals(new TensorShape(16, 3, 3), out(Pool2d.average(2, 2, Padding.valid()),
                new TensorShape(16, 7, 6)));
        assertEquals(TensorShape.flat(16), out(new GlobalAvgPool(), new TensorShape(16, 7, 6)));
        assertEquals(TensorShape.flat(672), out(new Flatten(), new TensorShape(16, 7, 6)));
        TensorShape in = new TensorShape(16, 7, 6);
        assertEquals(in, out(BatchNorm.standard(), in));
        assertEquals(in, out(Activation.hardtanh(), in));
        assertEquals(in, out(new Dropout(0.5), in));
        assertEquals(in, out(new Identity(), in));
    }

    @Test
    void depthwiseConvolutionCountsOneInputChannelPerFilter() {
        Conv2d depthwise = Conv2d.of(32, 3, 1, Padding.same()).withGroups(32).withoutBias();
        TensorShape in = new TensorShape(32, 10, 10);
        assertEquals(10L * 10 * 32 * 9, depthwise.forwardMacs(in));
        assertEquals(32L * 9, depthwise.weights(in));
    }

    @Test
    void passThroughLayersStoreNothing() {
        TensorShape in = new TensorShape(4, 2, 2);
        assertEquals(0, new Flatten().storedOutputs(in));
        assertEquals(0, new Dropout(0.1).storedOutputs(in));
        assertEquals(0, new Identity().storedOutputs(in));
        assertEquals(16, Activation.relu().storedOutputs(in));
        assertEquals(16, BatchNorm.standard().storedOutputs(in));
        assertEquals(8, BatchNorm.standard().weights(in));
        assertEquals(8, BatchNorm.standard().buffers(in));
    }
}
