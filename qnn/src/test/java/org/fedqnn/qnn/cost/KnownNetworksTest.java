package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The specs of {@link ReferenceNetworks} (the networks of the paper's Fig. 7) against the
 * parameter counts published with their reference implementations, and their MACs against
 * the published GFLOPS (multiply-accumulates of conv and dense layers).
 */
class KnownNetworksTest {

    private static final TensorShape IMAGENET = ReferenceNetworks.IMAGENET_INPUT;

    @Test
    void alexNetMatchesTorchvision() {
        NetworkCost cost = CostCounter.count(ReferenceNetworks.alexNet(), IMAGENET);
        assertEquals(61_100_840L, cost.weights());
        assertEquals(714_188_480L, cost.forwardMacs()); // torchvision: 0.71 GFLOPS
    }

    @Test
    void vgg16MatchesTorchvision() {
        NetworkCost cost = CostCounter.count(ReferenceNetworks.vgg16(), IMAGENET);
        assertEquals(138_357_544L, cost.weights());
        assertEquals(15_470_264_320L, cost.forwardMacs()); // torchvision: 15.47 GFLOPS
    }

    @Test
    void resNet50MatchesTorchvision() {
        NetworkCost cost = CostCounter.count(ReferenceNetworks.resNet50(), IMAGENET);
        assertEquals(TensorShape.flat(1000), cost.output());
        assertEquals(25_557_032L, cost.weights());
        assertEquals(4_089_184_256L, cost.forwardMacs()); // torchvision: 4.09 GFLOPS
    }

    @Test
    void seNet154MatchesTheReleasedModel() {
        NetworkCost cost = CostCounter.count(ReferenceNetworks.seNet154(), IMAGENET);
        assertEquals(TensorShape.flat(1000), cost.output());
        assertEquals(115_088_984L, cost.weights());
        // SENet paper, Table 16 of the journal version: 20.7 GFLOPs at 224x224
        assertWithin(20.7e9, cost.forwardMacs(), 0.01);
    }

    @Test
    void dpn131MatchesTheReleasedModel() {
        NetworkCost cost = CostCounter.count(ReferenceNetworks.dpn131(), IMAGENET);
        assertEquals(TensorShape.flat(1000), cost.output());
        assertEquals(79_254_504L, cost.weights());
        // DPN paper, Table 2: 16.0 GFLOPs at 224x224
        assertWithin(16.0e9, cost.forwardMacs(), 0.01);
    }

    @Test
    void byNameFindsEveryNetworkAndRefusesOthers() {
        for (String name : ReferenceNetworks.names()) {
            assertEquals(name, ReferenceNetworks.byName(name.toUpperCase()).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceNetworks.byName("dpn92"));
        assertTrue(e.getMessage().contains("'dpn92'") && e.getMessage().contains("dpn131"),
                e.getMessage());
    }

    private static void assertWithin(double expected, long actual, double relative) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                "expected " + expected + " within " + relative * 100 + "%, got " + actual);
    }
}
