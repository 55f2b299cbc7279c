package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Records refuse bad values with a message naming the field and the value. */
class SpecValidationTest {

    private static void refuses(String message, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertEquals(message, e.getMessage());
    }

    @Test
    void tensorShape() {
        refuses("TensorShape.height must be at least 1, got 0", () -> new TensorShape(1, 0, 1));
        refuses("TensorShape.features must be at least 1, got -3", () -> TensorShape.flat(-3));
        assertEquals(3L * 32 * 32, ModelSpecs.CIFAR10_INPUT.elements());
        assertEquals(4_294_967_296L, new TensorShape(65_536, 256, 256).elements());
    }

    @Test
    void windows() {
        refuses("Conv2d.filters must be at least 1, got 0", () -> Conv2d.of(0, 3, 1,
                Padding.same()));
        refuses("Conv2d.strideWidth must be at least 1, got 0",
                () -> new Conv2d(8, 3, 3, 1, 0, Padding.same(), true, 1));
        refuses("Conv2d.filters must be a multiple of groups 3, got 8",
                () -> Conv2d.of(8, 3, 1, Padding.same()).withGroups(3));
        refuses("Pool2d.kernelWidth must be at least 1, got -1",
                () -> new Pool2d(Pool2d.Type.MAX, 2, -1, 2, 2, Padding.valid()));
        refuses("Padding.Explicit.left must be at least 0, got -1",
                () -> new Padding.Explicit(0, 0, -1, 0));
        assertThrows(NullPointerException.class, () -> Conv2d.of(8, 3, 1, null));
    }

    @Test
    void otherLayers() {
        refuses("Dense.units must be at least 1, got 0", () -> Dense.of(0));
        refuses("BatchNorm.epsilon must be finite and greater than 0, got 0.0",
                () -> new BatchNorm(0, 0.9));
        refuses("BatchNorm.decay must be in [0, 1), got 1.0", () -> new BatchNorm(1e-5, 1));
        refuses("Dropout.rate must be in [0, 1), got NaN", () -> new Dropout(Double.NaN));
        assertThrows(NullPointerException.class, () -> new Activation(null));
    }

    @Test
    void networksAndBlocks() {
        refuses("NetworkSpec.name must not be blank, got ' '",
                () -> NetworkSpec.of(" ", new Flatten()));
        refuses("NetworkSpec.layers must hold at least 1 layer, got 0",
                () -> NetworkSpec.of("x"));
        List<LayerSpec> withNull = new ArrayList<>();
        withNull.add(new Flatten());
        withNull.add(null);
        refuses("ResidualBlock.main[1] must not be null",
                () -> ResidualBlock.identity(withNull));
        refuses("ConcatBlock.branches must hold at least 2 branches, got 1",
                () -> new ConcatBlock(List.of(List.of())));
        refuses("SqueezeExcitation.gate must hold at least 1 layer, got 0",
                () -> new SqueezeExcitation(List.of()));
        refuses("DualPathBlock.residualChannels must be at least 1, got 0",
                () -> new DualPathBlock(List.of(new Identity()), List.of(), 0));
        refuses("LayerCost.outputs must be at least 0, got -1",
                () -> new LayerCost("0", "k", "d", TensorShape.flat(1), TensorShape.flat(1),
                        0, 0, 0, 0, 0, -1));
    }

    @Test
    void specsCopyTheirLists() {
        List<LayerSpec> layers = new ArrayList<>(List.of(new Flatten()));
        NetworkSpec net = new NetworkSpec("copy", layers);
        layers.add(Dense.of(3));
        assertEquals(1, net.layers().size());
        assertThrows(UnsupportedOperationException.class, () -> net.layers().add(new Flatten()));
    }
}
