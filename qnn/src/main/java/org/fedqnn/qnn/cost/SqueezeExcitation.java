package org.fedqnn.qnn.cost;

import java.util.List;

/**
 * Squeeze-excitation (SENet): a gate branch maps the input {@code C x H x W} to {@code C x 1 x 1}
 * and each channel of the input is multiplied by its gate value. {@link #standard} builds the
 * usual gate: global average pool, dense {@code C / r}, ReLU, dense {@code C}, sigmoid.
 *
 * <p>The layers of the gate are counted as usual; the channel-wise scale is a row of its own
 * with 0 MACs (an element-wise multiply, nothing accumulated, like batch norm) and no weights,
 * and its {@code C * H * W} outputs count in O_s. Immutable and thread-safe.
 *
 * @param gate the gate branch, at least 1 layer, ending in {@code C x 1 x 1}
 */
public record SqueezeExcitation(List<LayerSpec> gate) implements Block {

    public SqueezeExcitation {
        gate = Branches.copyOf("SqueezeExcitation.gate", gate, false);
    }

    /**
     * The usual SE gate for {@code channels} channels and reduction {@code reduction}: global
     * average pool, dense {@code channels / reduction} (at least 1) with bias, ReLU, dense
     * {@code channels} with bias, sigmoid.
     */
    public static SqueezeExcitation standard(int channels, int reduction) {
        Windows.requirePositive("SqueezeExcitation channels", channels);
        Windows.requirePositive("SqueezeExcitation reduction", reduction);
        int hidden = Math.max(1, channels / reduction);
        return new SqueezeExcitation(List.of(new GlobalAvgPool(), Dense.of(hidden),
                Activation.relu(), Dense.of(channels), Activation.sigmoid()));
    }

    @Override
    public String kind() {
        return "squeeze-excitation";
    }

    @Override
    public String describe() {
        return "gate " + Branches.size(gate);
    }
}
