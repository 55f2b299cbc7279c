package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;

/**
 * The uplink of eqs. (10)-(12): an OFDMA share of B hertz at transmit power P.
 *
 * <pre>
 *   r_k      = B log2(1 + P h_k / (N_0 B))          (10)   bits per second
 *   T_k(n)   = bits / r_k                           (11)   seconds
 *   E^UL,k   = P T_k(n)                             (12)   joules
 * </pre>
 *
 * The noise power N_0 B is {@link EnergyParameters#noisePowerWatts()}, which also covers the
 * reading of N_0 as a total. Eq. (11) writes the bits as ||d|| n / n_max with d "represented
 * with n_max bits": ||d|| is the size of the full-precision update in bits, n_max d, so the
 * paper's model sends d n bits ({@link #paperBits}). Real runs pass the bits actually sent.
 *
 * <p>Stateless: all methods are static and thread-safe.
 */
public final class Uplink {

    private Uplink() {
    }

    /**
     * One upload: its size, the rate it went at, and what it cost. Immutable and thread-safe.
     *
     * @param bits              bits sent, at least 0
     * @param rateBitsPerSecond r_k of eq. (10), &gt; 0
     * @param seconds           T_k of eq. (11), at least 0
     * @param joules            E^UL,k of eq. (12), at least 0
     */
    public record Transmission(double bits, double rateBitsPerSecond, double seconds,
                               double joules) {
        public Transmission {
            Checks.nonNegative("Uplink.Transmission.bits", bits);
            Checks.positive("Uplink.Transmission.rateBitsPerSecond", rateBitsPerSecond);
            Checks.nonNegative("Uplink.Transmission.seconds", seconds);
            Checks.nonNegative("Uplink.Transmission.joules", joules);
        }
    }

    /** Eq. (10): the rate r_k in bits per second for channel gain {@code h} (&gt; 0). */
    public static double rateBitsPerSecond(EnergyParameters parameters, double channelGain) {
        Checks.positive("Uplink channelGain", channelGain);
        double snr = parameters.transmitPowerWatts() * channelGain / parameters.noisePowerWatts();
        return parameters.bandwidthHertz() * Math.log1p(snr) / Math.log(2);
    }

    /**
     * The bits of eq. (11) in the paper's model: ||d|| n / n_max with ||d|| = n_max d, that is
     * {@code modelSize * n}, for a model of {@code modelSize} values at n bits each.
     */
    public static double paperBits(double modelSize, double n) {
        Checks.nonNegative("Uplink modelSize", modelSize);
        Checks.positive("Uplink precision n", n);
        return modelSize * n;
    }

    /** Eqs. (10)-(12) for sending {@code bits} over a channel of gain {@code channelGain}. */
    public static Transmission transmit(EnergyParameters parameters, double bits,
                                        double channelGain) {
        Checks.nonNegative("Uplink bits", bits);
        double rate = rateBitsPerSecond(parameters, channelGain);
        double seconds = bits / rate;
        return new Transmission(bits, rate, seconds, parameters.transmitPowerWatts() * seconds);
    }

    /** Eq. (12): the joules of sending {@code bits} over a channel of gain {@code channelGain}. */
    public static double joules(EnergyParameters parameters, double bits, double channelGain) {
        return transmit(parameters, bits, channelGain).joules();
    }
}
