package org.fedqnn.qnn.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ImageNet networks of the paper's Fig. 7, as layer specs for {@link CostCounter}: their
 * N_c, N_s and O_s come from counting these definitions on {@link #IMAGENET_INPUT}, never from
 * typed-in totals. Each follows a published definition, cited on its method, and the tests
 * check the counts against the parameter counts published with it.
 *
 * <ul>
 *   <li>{@code alexnet}: Krizhevsky, Sutskever, Hinton, "ImageNet classification with deep
 *       convolutional neural networks", NIPS 2012, as torchvision builds it (single-tower,
 *       64-192-384-256-256 filters; 61,100,840 parameters).</li>
 *   <li>{@code vgg16}: Simonyan, Zisserman, "Very deep convolutional networks for large-scale
 *       image recognition", ICLR 2015, configuration D (138,357,544 parameters).</li>
 *   <li>{@code resnet50}: He, Zhang, Ren, Sun, "Deep residual learning for image recognition",
 *       CVPR 2016, torchvision's v1.5 (stride on the 3x3 convolution; 25,557,032).</li>
 *   <li>{@code senet154}: Hu, Shen, Sun, "Squeeze-and-excitation networks", CVPR 2018, the
 *       SENet-154 of its ILSVRC 2017 entry as released with the paper (115,088,984).</li>
 *   <li>{@code dpn131}: Chen, Li, Xiao, Jin, Yan, Feng, "Dual path networks", NIPS 2017,
 *       DPN-131 (79,254,504). The paper under study says only "DPN"; DPN-131 is the largest
 *       of the published ImageNet models, and the one we use.</li>
 * </ul>
 *
 * <p>Stateless: all methods are static and thread-safe; the specs are immutable.
 */
public final class ReferenceNetworks {

    /** One ImageNet image as these networks take it: 3 channels, 224x224. */
    public static final TensorShape IMAGENET_INPUT = new TensorShape(3, 224, 224);

    /** ImageNet classes. */
    private static final int CLASSES = 1000;

    private ReferenceNetworks() {
    }

    /** The names {@link #byName} knows, in the order of the paper's Fig. 7. */
    public static List<String> names() {
        return List.of("alexnet", "resnet50", "vgg16", "senet154", "dpn131");
    }

    /**
     * The network called {@code name} (any case).
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static NetworkSpec byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "alexnet":
                return alexNet();
            case "resnet50":
                return resNet50();
            case "vgg16":
                return vgg16();
            case "senet154":
                return seNet154();
            case "dpn131":
                return dpn131();
            default:
                throw new IllegalArgumentException(
                        "reference network name must be one of " + names() + ", got '" + name + "'");
        }
    }

    /** AlexNet as torchvision's {@code alexnet} (Krizhevsky et al. 2012, one tower). */
    public static NetworkSpec alexNet() {
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
                Dense.of(CLASSES));
    }

    /** VGG-16, configuration D of Simonyan and Zisserman (2015), without batch norm. */
    public static NetworkSpec vgg16() {
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
                Dense.of(CLASSES)));
        return new NetworkSpec("vgg16", layers);
    }

    /** ResNet-50 (He et al. 2016), torchvision's v1.5: the stride sits on the 3x3 conv. */
    public static NetworkSpec resNet50() {
        List<LayerSpec> layers = new ArrayList<>(List.of(
                Conv2d.of(64, 7, 2, Padding.of(3)).withoutBias(), BatchNorm.standard(),
                Activation.relu(), Pool2d.max(3, 2, Padding.of(1))));
        int[] blocks = {3, 4, 6, 3};
        for (int stage = 0; stage < blocks.length; stage++) {
            int width = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                layers.add(resNetBottleneck(width, stride, b == 0));
                layers.add(Activation.relu());
            }
        }
        layers.add(new GlobalAvgPool());
        layers.add(Dense.of(CLASSES));
        return new NetworkSpec("resnet50", layers);
    }

    private static ResidualBlock resNetBottleneck(int width, int stride, boolean projection) {
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

    /**
     * SENet-154 (Hu et al. 2018): a stem of three 3x3 convolutions (64, 64, 128 filters, the
     * first with stride 2) and 3x3 max pooling with stride 2; then 3, 8, 36 and 3 SE-ResNeXt
     * bottlenecks of 256, 512, 1024 and 2048 output channels, cardinality 64 (1x1 to half the
     * group width, grouped 3x3, 1x1 out, squeeze-excitation with reduction 16, add, ReLU),
     * with 1x1 projections in the first stage and strided 3x3 projections after it; global
     * average pooling, dropout 0.2 and a 1000-way dense layer. Convolutions have no bias;
     * each is followed by batch norm.
     */
    public static NetworkSpec seNet154() {
        List<LayerSpec> layers = new ArrayList<>(List.of(
                Conv2d.of(64, 3, 2, Padding.of(1)).withoutBias(), BatchNorm.standard(),
                Activation.relu(),
                Conv2d.of(64, 3, 1, Padding.of(1)).withoutBias(), BatchNorm.standard(),
                Activation.relu(),
                Conv2d.of(128, 3, 1, Padding.of(1)).withoutBias(), BatchNorm.standard(),
                Activation.relu(),
                Pool2d.max(3, 2, Padding.of(1))));
        int[] blocks = {3, 8, 36, 3};
        int in = 128;
        for (int stage = 0; stage < blocks.length; stage++) {
            int out = 256 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                boolean project = in != out || stride != 1;
                int projectionKernel = stage == 0 ? 1 : 3;
                layers.add(seBottleneck(out, stride, project, projectionKernel));
                layers.add(Activation.relu());
                in = out;
            }
        }
        layers.addAll(List.of(new GlobalAvgPool(), new Dropout(0.2), Dense.of(CLASSES)));
        return new NetworkSpec("senet154", layers);
    }

    private static ResidualBlock seBottleneck(int out, int stride, boolean project,
                                              int projectionKernel) {
        int cardinality = 64;
        int bottleneckWidth = 4;
        // as the reference code: D = floor((out / 4) * width / 64) channels per group
        int groupWidth = cardinality * (out / 4 * bottleneckWidth / 64);
        List<LayerSpec> main = List.of(
                Conv2d.of(groupWidth / 2, 1, 1, Padding.valid()).withoutBias(),
                BatchNorm.standard(), Activation.relu(),
                Conv2d.of(groupWidth, 3, stride, Padding.of(1)).withoutBias()
                        .withGroups(cardinality),
                BatchNorm.standard(), Activation.relu(),
                Conv2d.of(out, 1, 1, Padding.valid()).withoutBias(), BatchNorm.standard(),
                SqueezeExcitation.standard(out, 16));
        List<LayerSpec> shortcut = project
                ? List.of(Conv2d.of(out, projectionKernel, stride,
                        Padding.of(projectionKernel / 2)).withoutBias(), BatchNorm.standard())
                : List.of();
        return new ResidualBlock(main, shortcut);
    }

    /**
     * DPN-131 (Chen et al. 2017): a 7x7 stride-2 convolution of 128 filters, batch norm, ReLU
     * and 3x3 stride-2 max pooling; then 4, 8, 28 and 3 dual-path blocks with bottleneck widths
     * 160, 320, 640, 1280, residual widths 256, 512, 1024, 2048, dense increments 16, 32, 32,
     * 128 and 40 groups; every convolution is pre-activated (batch norm, ReLU, conv without
     * bias) and the first block of each stage projects its input (1x1, stride 2 after the first
     * stage) to the residual width plus two increments; a final batch norm and ReLU, global
     * average pooling and a 1000-way classifier with bias.
     */
    public static NetworkSpec dpn131() {
        List<LayerSpec> layers = new ArrayList<>(List.of(
                Conv2d.of(128, 7, 2, Padding.of(3)).withoutBias(), dpnBatchNorm(),
                Activation.relu(), Pool2d.max(3, 2, Padding.of(1))));
        int[] blocks = {4, 8, 28, 3};
        int[] increments = {16, 32, 32, 128};
        for (int stage = 0; stage < blocks.length; stage++) {
            int bottleneck = 160 << stage;
            int residual = 256 << stage;
            int inc = increments[stage];
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                layers.add(dpnBlock(bottleneck, residual, inc, stride, b == 0));
            }
        }
        layers.addAll(List.of(dpnBatchNorm(), Activation.relu(), new GlobalAvgPool(),
                Dense.of(CLASSES)));
        return new NetworkSpec("dpn131", layers);
    }

    private static DualPathBlock dpnBlock(int bottleneck, int residual, int inc, int stride,
                                          boolean project) {
        List<LayerSpec> main = List.of(
                dpnBatchNorm(), Activation.relu(),
                Conv2d.of(bottleneck, 1, 1, Padding.valid()).withoutBias(),
                dpnBatchNorm(), Activation.relu(),
                Conv2d.of(bottleneck, 3, stride, Padding.of(1)).withoutBias().withGroups(40),
                dpnBatchNorm(), Activation.relu(),
                Conv2d.of(residual + inc, 1, 1, Padding.valid()).withoutBias());
        List<LayerSpec> shortcut = project
                ? List.of(dpnBatchNorm(), Activation.relu(),
                        Conv2d.of(residual + 2 * inc, 1, stride, Padding.valid()).withoutBias())
                : List.of();
        return new DualPathBlock(main, shortcut, residual);
    }

    /** DPN's batch norm uses epsilon 1e-3; the counts do not depend on it. */
    private static BatchNorm dpnBatchNorm() {
        return new BatchNorm(1e-3, 0.9);
    }
}
