package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelSpecsTest {

    @Test
    void mlpIs784To256To128To10() {
        NetworkCost cost = CostCounter.count(ModelSpecs.mlp(), ModelSpecs.MNIST_INPUT);
        assertEquals(TensorShape.flat(10), cost.output());
        assertEquals(784L * 256 + 256L * 128 + 128L * 10, cost.forwardMacs());
        assertEquals(234_752L, cost.forwardMacs());
        assertEquals(784L * 256 + 256 + 256L * 128 + 128 + 128L * 10 + 10, cost.weights());
        assertEquals(235_146L, cost.weights());
        // dense 256, relu 256, dense 128, relu 128, dense 10; flatten stores nothing
        assertEquals(778L, cost.outputs());
        // first dense: weight gradient only
        assertEquals(200_704L + 2 * 32_768L + 2 * 1_280L, cost.backwardMacs());
        assertEquals(268_800L, cost.backwardMacs());
    }

    @Test
    void byNameFindsBothAndRefusesOthers() {
        assertEquals("paper-cnn", ModelSpecs.byName("Paper-CNN").name());
        assertEquals("mlp", ModelSpecs.byName("mlp").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpecs.byName("resnet"));
        assertTrue(e.getMessage().contains("[paper-cnn, mlp]"), e.getMessage());
        assertTrue(e.getMessage().contains("'resnet'"), e.getMessage());
    }

    @Test
    void specsAreValuesEqualAcrossCalls() {
        assertEquals(ModelSpecs.paperCnn(), ModelSpecs.paperCnn());
        assertEquals(ModelSpecs.mlp().hashCode(), ModelSpecs.mlp().hashCode());
    }
}
