package org.fedqnn.qnn.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the per-sample costs of paper eq. (9) (N_c, N_s, O_s) for a {@link NetworkSpec} and a
 * real input shape, walking every layer and every branch of every block.
 *
 * <p>Rules, per row (see {@link Layer} for the per-layer definitions):
 * <ul>
 *   <li>Forward MACs: only {@link Conv2d} and {@link Dense} have any.</li>
 *   <li>Backward MACs: the gradient with respect to a layer's input costs its forward MACs,
 *       and is skipped where nothing before the layer has weights (no gradient is wanted for
 *       the network input, so the first weighted layer computes none, and neither does any
 *       layer in front of it); the gradient with respect to its weights costs its forward MACs
 *       when it has weights. So a conv or dense layer costs 2x its forward MACs backward, or
 *       1x when it is first. Inside a block, a branch's gradient flows back if any earlier
 *       weighted layer feeds it; a block's output needs one if any branch's does.</li>
 *   <li>Joins of blocks (residual add, concatenation, SE scale, dual-path add) are rows with
 *       0 MACs and 0 weights; the values they compute count in O_s (not a concatenation).</li>
 * </ul>
 * A training step per sample costs {@link NetworkCost#trainingMacs()} = forward + backward.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class CostCounter {

    private CostCounter() {
    }

    /**
     * Counts {@code network} for one sample of shape {@code input}.
     *
     * @throws LayerShapeException when a layer or block does not fit the shape that reaches it
     */
    public static NetworkCost count(NetworkSpec network, TensorShape input) {
        Walk walk = new Walk(network.name());
        Flow out = walk.branch("", network.layers(), new Flow(input, false));
        return new NetworkCost(network.name(), input, out.shape(), walk.rows);
    }

    /** A tensor on its way through the network, and whether a gradient must reach it. */
    private record Flow(TensorShape shape, boolean needsGradient) {
    }

    /** The walk over one network; confined to one call of {@link #count}. */
    private static final class Walk {
        private final String network;
        private final List<LayerCost> rows = new ArrayList<>();

        Walk(String network) {
            this.network = network;
        }

        Flow branch(String prefix, List<LayerSpec> layers, Flow in) {
            Flow flow = in;
            for (int i = 0; i < layers.size(); i++) {
                String path = prefix.isEmpty() ? Integer.toString(i) : prefix + "/" + i;
                flow = element(path, layers.get(i), flow);
            }
            return flow;
        }

        private Flow element(String path, LayerSpec spec, Flow in) {
            if (spec instanceof Layer layer) {
                return layer(path, layer, in);
            } else if (spec instanceof ResidualBlock block) {
                return residual(path, block, in);
            } else if (spec instanceof ConcatBlock block) {
                return concat(path, block, in);
            } else if (spec instanceof SqueezeExcitation block) {
                return squeezeExcitation(path, block, in);
            } else if (spec instanceof DualPathBlock block) {
                return dualPath(path, block, in);
            }
            throw new IllegalStateException("unknown LayerSpec " + spec.getClass().getName());
        }

        private Flow layer(String path, Layer layer, Flow in) {
            TensorShape out;
            long macs;
            long weights;
            long buffers;
            long outputs;
            try {
                out = layer.outputShape(in.shape());
                macs = layer.forwardMacs(in.shape());
                weights = layer.weights(in.shape());
                buffers = layer.buffers(in.shape());
                outputs = layer.storedOutputs(in.shape());
            } catch (IllegalArgumentException e) {
                throw new LayerShapeException(network, path, e.getMessage(), e);
            }
            long inputGradient = in.needsGradient() ? macs : 0;
            long weightGradient = weights > 0 ? macs : 0;
            rows.add(new LayerCost(path, layer.kind(), layer.describe(), in.shape(), out, macs,
                    inputGradient, weightGradient, weights, buffers, outputs));
            return new Flow(out, in.needsGradient() || weights > 0);
        }

        private Flow residual(String path, ResidualBlock block, Flow in) {
            Flow main = branch(path + "/main", block.main(), in);
            Flow shortcut = branch(path + "/shortcut", block.shortcut(), in);
            if (!main.shape().equals(shortcut.shape())) {
                throw mismatch(path, block, "main branch output " + main.shape()
                        + " differs from shortcut output " + shortcut.shape(), in);
            }
            join(path + "/add", "residual-add", "main + shortcut", main.shape(), main.shape(),
                    main.shape().elements());
            return new Flow(main.shape(), main.needsGradient() || shortcut.needsGradient());
        }

        private Flow concat(String path, ConcatBlock block, Flow in) {
            List<Flow> outs = new ArrayList<>();
            for (int b = 0; b < block.branches().size(); b++) {
                outs.add(branch(path + "/branch" + b, block.branches().get(b), in));
            }
            TensorShape first = outs.get(0).shape();
            long channels = 0;
            boolean needsGradient = false;
            StringBuilder sum = new StringBuilder();
            for (int b = 0; b < outs.size(); b++) {
                TensorShape shape = outs.get(b).shape();
                if (shape.height() != first.height() || shape.width() != first.width()) {
                    throw mismatch(path, block, "branch " + b + " output " + shape
                            + " has other rows/columns than branch 0 output " + first, in);
                }
                channels = Math.addExact(channels, shape.channels());
                needsGradient |= outs.get(b).needsGradient();
                sum.append(b == 0 ? "" : "+").append(shape.channels());
            }
            TensorShape out = new TensorShape(Math.toIntExact(channels), first.height(),
                    first.width());
            join(path + "/concat", "concat", "channels " + sum, first, out, 0);
            return new Flow(out, needsGradient);
        }

        private Flow squeezeExcitation(String path, SqueezeExcitation block, Flow in) {
            Flow gate = branch(path + "/gate", block.gate(), in);
            TensorShape expected = TensorShape.flat(in.shape().channels());
            if (!gate.shape().equals(expected)) {
                throw mismatch(path, block, "gate output " + gate.shape() + " must be "
                        + expected + " (one value per input channel)", in);
            }
            join(path + "/scale", "se-scale", "x * gate", in.shape(), in.shape(),
                    in.shape().elements());
            return new Flow(in.shape(), in.needsGradient() || gate.needsGradient());
        }

        private Flow dualPath(String path, DualPathBlock block, Flow in) {
            Flow main = branch(path + "/main", block.main(), in);
            Flow shortcut = branch(path + "/shortcut", block.shortcut(), in);
            TensorShape m = main.shape();
            TensorShape s = shortcut.shape();
            int r = block.residualChannels();
            if (m.height() != s.height() || m.width() != s.width()) {
                throw mismatch(path, block, "main branch output " + m
                        + " has other rows/columns than shortcut output " + s, in);
            }
            if (m.channels() < r || s.channels() < r) {
                throw mismatch(path, block, "residual channels " + r + " exceed main output "
                        + m + " or shortcut output " + s, in);
            }
            int channels = Math.toIntExact((long) s.channels() + m.channels() - r);
            TensorShape out = new TensorShape(channels, m.height(), m.width());
            long sums = Math.multiplyExact(Math.multiplyExact((long) r, m.height()), m.width());
            join(path + "/join", "dual-path-join", r + " added, " + (s.channels() - r) + "+"
                    + (m.channels() - r) + " concatenated", m, out, sums);
            return new Flow(out, main.needsGradient() || shortcut.needsGradient());
        }

        private void join(String path, String kind, String detail, TensorShape input,
                          TensorShape output, long outputs) {
            rows.add(new LayerCost(path, kind, detail, input, output, 0, 0, 0, 0, 0, outputs));
        }

        private LayerShapeException mismatch(String path, Block block, String what, Flow in) {
            return new LayerShapeException(network, path, block.kind() + " (" + block.describe()
                    + "): " + what + " (block input " + in.shape() + ")", null);
        }
    }
}
