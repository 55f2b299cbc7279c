package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.StreamKey;

/**
 * The expectation over placement and fading that f_E of eq. (23) needs, by Monte Carlo.
 *
 * <p>The uplink energy of eq. (12) is P bits / r_k, and only 1 / r_k is random, so the mean
 * of {@code sum_k E^UL,k} over placements and fades is {@code N P bits s}, with s the mean
 * over devices and draws of 1 / r_k (seconds per bit). One number therefore serves every n,
 * I, K, d and epsilon; it depends only on P, B, N_0, the cell and the seed.
 * {@link #monteCarlo} draws {@code runs} independent cells ({@link Channel} with seed
 * {@code StreamKey.child(seed, run)}) and one fade per device in each, as the paper averages
 * 10000 runs.
 *
 * <p>There is no closed form to use instead, because the exact expectation is infinite: near
 * a deep fade, 1 / r = ln 2 / (B snr |g|^2) to first order, and the exponential density of
 * |g|^2 is 1 at 0, so E[1 / |g|^2] diverges (logarithmically). The Monte Carlo mean is
 * finite and reproducible for a given seed and count, but it creeps up roughly with the log of
 * the number of draws; n* hardly moves with it (it only rescales the uplink term).
 * {@code docs/energy-and-bound.md} has the numbers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param meanSecondsPerBit          s, the mean of 1 / r_k over all draws, &gt; 0
 * @param standardErrorSecondsPerBit the sample standard error of that mean (a rough guide:
 *                                   the variance is infinite too)
 * @param runs                       cells drawn, at least 1
 * @param devices                    devices per cell, at least 1
 */
public record UplinkExpectation(double meanSecondsPerBit, double standardErrorSecondsPerBit,
                                int runs, int devices) {

    public UplinkExpectation {
        Checks.positive("UplinkExpectation.meanSecondsPerBit", meanSecondsPerBit);
        Checks.nonNegative("UplinkExpectation.standardErrorSecondsPerBit",
                standardErrorSecondsPerBit);
        Checks.atLeast("UplinkExpectation.runs", 1, runs);
        Checks.atLeast("UplinkExpectation.devices", 1, devices);
    }

    /**
     * Draws {@code runs} cells of {@code devices} devices from {@code seed} and averages
     * 1 / r_k of eq. (10) over every device of every cell.
     */
    public static UplinkExpectation monteCarlo(EnergyParameters energy, ChannelParameters cell,
                                               int devices, int runs, long seed) {
        Checks.atLeast("UplinkExpectation runs", 1, runs);
        Checks.atLeast("UplinkExpectation devices", 1, devices);
        double sum = 0;
        double sumOfSquares = 0;
        for (int run = 0; run < runs; run++) {
            Channel channel = Channel.place(cell, devices, StreamKey.child(seed, run));
            for (int k = 0; k < devices; k++) {
                double secondsPerBit = 1.0 / Uplink.rateBitsPerSecond(energy, channel.gain(0, k));
                sum += secondsPerBit;
                sumOfSquares += secondsPerBit * secondsPerBit;
            }
        }
        double draws = (double) runs * devices;
        double mean = sum / draws;
        double variance = draws > 1 ? Math.max(0, (sumOfSquares - draws * mean * mean) / (draws - 1))
                : 0;
        return new UplinkExpectation(mean, Math.sqrt(variance / draws), runs, devices);
    }

    /** E[E^UL,k] for one device sending {@code bits}: P bits s. */
    public double meanJoules(EnergyParameters energy, double bits) {
        Checks.nonNegative("UplinkExpectation bits", bits);
        return energy.transmitPowerWatts() * bits * meanSecondsPerBit;
    }
}
