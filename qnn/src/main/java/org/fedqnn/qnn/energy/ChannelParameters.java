package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;

/**
 * The geometry of the paper's cell (section IV): devices placed uniformly in a square of side
 * {@code areaSideMetres} with the base station at its centre, and a path loss
 * {@code (max(distance, d0) / d0)^(-exponent)}: 0 dB at the reference distance d0 and closer.
 * The paper gives the exponent (2) but no reference distance; ours is 1 m, so the gain at
 * distance r metres is r^-2 (see {@code docs/energy-and-bound.md} for its effect).
 *
 * <p>Immutable and thread-safe.
 *
 * @param areaSideMetres           side of the square, finite and &gt; 0 (paper: 100 m)
 * @param pathLossExponent         path loss exponent, finite and &gt; 0 (paper: 2)
 * @param referenceDistanceMetres  d0, finite and &gt; 0 (ours: 1 m)
 */
public record ChannelParameters(double areaSideMetres, double pathLossExponent,
                                double referenceDistanceMetres) {

    public ChannelParameters {
        Checks.positive("ChannelParameters.areaSideMetres", areaSideMetres);
        Checks.positive("ChannelParameters.pathLossExponent", pathLossExponent);
        Checks.positive("ChannelParameters.referenceDistanceMetres", referenceDistanceMetres);
    }

    /** 100 m x 100 m, exponent 2, reference distance 1 m. */
    public static ChannelParameters paperDefaults() {
        return new ChannelParameters(100, 2, 1);
    }

    /** The path gain at {@code distanceMetres} from the base station, at most 1. */
    public double pathGain(double distanceMetres) {
        Checks.nonNegative("ChannelParameters distanceMetres", distanceMetres);
        double ratio = Math.max(distanceMetres, referenceDistanceMetres) / referenceDistanceMetres;
        return Math.pow(ratio, -pathLossExponent);
    }
}
