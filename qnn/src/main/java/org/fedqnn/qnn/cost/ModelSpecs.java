package org.fedqnn.qnn.cost;

import java.util.List;
import java.util.Locale;

/**
 * The networks fedqnn trains, as declarative specs: the same {@link NetworkSpec}s feed
 * {@link CostCounter} and the training code that builds framework layers from them.
 *
 * <ul>
 *   <li>{@code paper-cnn}, {@link #paperCnn()}: the CNN of the paper's Fig. 3 (section IV):
 *       three 3x3 convolutions with 64, 64 and 256 filters (stride 1, SAME padding, bias), each
 *       followed by its activation (ReLU by default; the paper does not name one) and by 2x2
 *       max pooling with stride 2 (VALID, rounding down), then flatten and one dense layer to
 *       10 classes (logits; softmax belongs to the loss). On 32x32x3 the sizes go
 *       32, 16, 8, 4; on 28x28x1 they go 28, 14, 7, 3 (the last pooling drops the 7th
 *       row and column).</li>
 *   <li>{@code mlp}, {@link #mlp()}: flatten, dense 256, ReLU, dense 128, ReLU, dense 10
 *       (784-256-128-10 on 28x28x1 images), biases everywhere.</li>
 * </ul>
 *
 * <p>Stateless: all methods are static and thread-safe; the specs are immutable.
 */
public final class ModelSpecs {

    /** One MNIST or Fashion-MNIST image: 1 channel, 28x28. */
    public static final TensorShape MNIST_INPUT = new TensorShape(1, 28, 28);

    /** One CIFAR-10 image: 3 channels, 32x32. */
    public static final TensorShape CIFAR10_INPUT = new TensorShape(3, 32, 32);

    /** Number of classes of MNIST, Fashion-MNIST and CIFAR-10. */
    public static final int CLASSES = 10;

    private ModelSpecs() {
    }

    /** The names {@link #byName} knows. */
    public static List<String> names() {
        return List.of("paper-cnn", "mlp");
    }

    /**
     * The spec called {@code name} ({@code paper-cnn} or {@code mlp}, any case).
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static NetworkSpec byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "paper-cnn":
                return paperCnn();
            case "mlp":
                return mlp();
            default:
                throw new IllegalArgumentException(
                        "model name must be one of " + names() + ", got '" + name + "'");
        }
    }

    /** The paper's CNN with ReLU activations. */
    public static NetworkSpec paperCnn() {
        return paperCnn(Activation.Type.RELU);
    }

    /** The paper's CNN with {@code activation} after each convolution; counts do not change. */
    public static NetworkSpec paperCnn(Activation.Type activation) {
        Activation act = new Activation(activation);
        Pool2d pool = Pool2d.max(2, 2, Padding.valid());
        return NetworkSpec.of("paper-cnn",
                Conv2d.of(64, 3, 1, Padding.same()), act, pool,
                Conv2d.of(64, 3, 1, Padding.same()), act, pool,
                Conv2d.of(256, 3, 1, Padding.same()), act, pool,
                new Flatten(),
                Dense.of(CLASSES));
    }

    /** The 784-256-128-10 multilayer perceptron with ReLU. */
    public static NetworkSpec mlp() {
        return NetworkSpec.of("mlp",
                new Flatten(),
                Dense.of(256), Activation.relu(),
                Dense.of(128), Activation.relu(),
                Dense.of(CLASSES));
    }
}
