package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;

/**
 * The constants of the paper's energy model (section II.C, defaults from section IV): the
 * uplink of eqs. (10)-(12) and the processing chip of eq. (9). Units are in the names.
 *
 * <p>Paper defaults ({@link #paperDefaults()}): P = 100 mW, B = 10 MHz, N_0 = -100 dBm,
 * A = 3.7 pJ, alpha = 1.25, n_max = 32. The paper gives no value for the number of MAC
 * units p; the default 256 (a 16 x 16 array) is our choice, and {@code fedqnn figures}
 * plots how little n* depends on it. How N_0 is read is {@link #noiseReading()}; the default
 * is {@link NoiseReading#PER_HERTZ}, the reading eq. (10) writes (N_0 B) and the one that
 * reproduces the energies of the paper's Fig. 6 (see {@code docs/energy-and-bound.md}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param transmitPowerWatts P, transmit power of each device, finite and &gt; 0
 * @param bandwidthHertz     B, bandwidth of each device's OFDMA share, finite and &gt; 0
 * @param noiseDbm           N_0 in dBm (per hertz or in total, see {@code noiseReading})
 * @param noiseReading       whether {@code noiseDbm} is a density per hertz or a total power
 * @param macEnergyJoules    A, energy of one MAC at n_max bits, finite and &gt; 0
 * @param alpha              exponent of E_MAC(n) = A (n/n_max)^alpha; the paper has
 *                           1 &lt; alpha &lt; 2, any finite value &gt; 0 is accepted
 * @param nMax               n_max, the full precision in bits, 1..32
 * @param macUnits           p, MAC units of the chip's two-dimensional array, at least 1
 */
public record EnergyParameters(double transmitPowerWatts, double bandwidthHertz, double noiseDbm,
                               NoiseReading noiseReading, double macEnergyJoules, double alpha,
                               int nMax, int macUnits) {

    /** How the N_0 of eq. (10) is read. */
    public enum NoiseReading {
        /** N_0 is a power spectral density in dBm/Hz; the noise power is N_0 B (eq. (10)). */
        PER_HERTZ,
        /** N_0 is the total noise power in dBm over the band; B does not multiply it. */
        TOTAL
    }

    /** The default number of MAC units p: our choice, the paper gives none. */
    public static final int DEFAULT_MAC_UNITS = 256;

    public EnergyParameters {
        Checks.positive("EnergyParameters.transmitPowerWatts", transmitPowerWatts);
        Checks.positive("EnergyParameters.bandwidthHertz", bandwidthHertz);
        Checks.finite("EnergyParameters.noiseDbm", noiseDbm);
        Checks.notNull("EnergyParameters.noiseReading", noiseReading);
        Checks.positive("EnergyParameters.macEnergyJoules", macEnergyJoules);
        Checks.positive("EnergyParameters.alpha", alpha);
        Checks.inRange("EnergyParameters.nMax", 1, 32, nMax);
        Checks.atLeast("EnergyParameters.macUnits", 1, macUnits);
    }

    /** The paper's section IV values, with p = {@value #DEFAULT_MAC_UNITS} and N_0 per hertz. */
    public static EnergyParameters paperDefaults() {
        return new EnergyParameters(0.1, 10e6, -100, NoiseReading.PER_HERTZ, 3.7e-12, 1.25, 32,
                DEFAULT_MAC_UNITS);
    }

    /** The noise power in watts that divides P h in eq. (10). */
    public double noisePowerWatts() {
        double watts = Math.pow(10, (noiseDbm - 30) / 10);
        return noiseReading == NoiseReading.PER_HERTZ ? watts * bandwidthHertz : watts;
    }

    /** These parameters with p = {@code units}. */
    public EnergyParameters withMacUnits(int units) {
        return new EnergyParameters(transmitPowerWatts, bandwidthHertz, noiseDbm, noiseReading,
                macEnergyJoules, alpha, nMax, units);
    }

    /** These parameters with N_0 read as {@code reading}. */
    public EnergyParameters withNoiseReading(NoiseReading reading) {
        return new EnergyParameters(transmitPowerWatts, bandwidthHertz, noiseDbm, reading,
                macEnergyJoules, alpha, nMax, macUnits);
    }
}
