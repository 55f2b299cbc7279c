package org.fedqnn.qnn.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The specs can express the large networks of the paper's Fig. 7: AlexNet, VGG-16 and ResNet-50
 * written as torchvision builds them, checked against torchvision's published parameter counts
 * (and its published GFLOPS, which are multiply-accumulates of conv and dense layers).
 */
class KnownNetworksTest {

    private static final TensorShape IMAGENET = new TensorShape(3, 224, 224);

    static NetworkSpec alexNet() {
        return NetworkSpec.of("alexnet",
                Conv2d.of(64, 11, 4, Padding.of(2)), Activation.relu(),
                Pool2d.max(3, 2, Padding.valid()),
                Conv2d.of(192, 5, 1, Padding.of(2)), Activation.relu(),
                Pool2d.max(3, 2, Padding.valid()),
                Conv2d.of(384, 3, 1, Padding.of(1)), Activation.relu(),
                Conv2d.of(256, 3, 1, Padding.of(1)), Activation.relu(),
                Conv2d.of(256, 3, 1, Padding.of(1)), Activation.relu(),
                Pool2d.max(3, 2, Padding.valid()),
                new Flatten(),
                new Dropout(0.5), Dense.of(4096), Activation.relu(),
                new Dropout(0.5), Dense.of(4096), Activation.relu(),
                Dense.of(1000));
    }

    static NetworkSpec vgg16() {
        int[] config = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0,
            512, 512, 512, 0};
        List<LayerSpec> layers = new ArrayList<>();
        for (int filters : config) {
            if (filters == 0) {
                layers.add(Pool2d.max(2, 2, Padding.valid()));
            } else {
                layers.add(Conv2d.of(filters, 3, 1, Padding.of(1)));
                layers.add(Activation.relu());
            }
        }
        layers.addAll(List.of(new Flatten(),
                Dense.of(4096), Activation.relu(), new Dropout(0.5),
                Dense.of(4096), Activation.relu(), new Dropout(0.5),
                Dense.of(1000)));
        return new NetworkSpec("vgg16", layers);
    }

    /** ResNet-50 v1.5 (stride on the 3x3 convolution), as torchvision. */
    static NetworkSpec resNet50() {
        List<LayerSpec> layers = new ArrayList<>(List.of(
                Conv2d.of(64, 7, 2, Padding.of(3)).withoutBias(), BatchNorm.standard(),
                Activation.relu(), Pool2d.max(3, 2, Padding.of(1))));
        int[] blocks = {3, 4, 6, 3};
        for (int stage = 0; stage < blocks.length; stage++) {
            int width = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                layers.add(bottleneck(width, stride, b == 0));
                layers.add(Activation.relu());
            }
        }
        layers.add(new GlobalAvgPool());
        layers.add(Dense.of(1000));
        return new NetworkSpec("resnet50", layers);
    }

    private static ResidualBlock bottleneck(int width, int stride, boolean projection) {
        List<LayerSpec> main = List.of(
                Conv2d.of(width, 1, 1, Padding.valid()).withoutBias(), BatchNorm.standard(),
                Activation.relu(),
                Conv2d.of(width, 3, stride, Padding.of(1)).withoutBias(), BatchNorm.standard(),
                Activation.relu(),
                Conv2d.of(4 * width, 1, 1, Padding.valid()).withoutBias(), BatchNorm.standard());
        List<LayerSpec> shortcut = projection
                ? List.of(Conv2d.of(4 * width, 1, stride, Padding.valid()).withoutBias(),
                        BatchNorm.standard())
                : List.of();
        return new ResidualBlock(main, shortcut);
    }

    @Test
    void alexNetMatchesTorchvision() {
        NetworkCost cost = CostCounter.count(alexNet(), IMAGENET);
        assertEquals(61_100_840L, cost.weights());
        assertEquals(714_188_480L, cost.forwardMacs()); // torchvision: 0.71 GFLOPS
    }

    @Test
    void vgg16MatchesTorchvision() {
        NetworkCost cost = CostCounter.count(vgg16(), IMAGENET);
        assertEquals(138_357_544L, cost.weights());
        assertEquals(15_470_264_320L, cost.forwardMacs()); // torchvision: 15.47 GFLOPS
    }

    @Test
    void resNet50MatchesTorchvision() {
        NetworkCost cost = CostCounter.count(resNet50(), IMAGENET);
        System.out.println(cost.table());
        assertEquals(TensorShape.flat(1000), cost.output());
        assertEquals(25_557_032L, cost.weights());
        assertEquals(4_089_184_256L, cost.forwardMacs()); // torchvision: 4.09 GFLOPS
    }
}
