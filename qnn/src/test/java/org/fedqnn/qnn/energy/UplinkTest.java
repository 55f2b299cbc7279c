package org.fedqnn.qnn.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Eqs. (10)-(12) against values worked by hand. */
class UplinkTest {

    /** P = 0.1 W, B = 1 MHz, N_0 = -100 dBm/Hz: noise N_0 B = 1e-13 W/Hz * 1e6 Hz = 1e-7 W. */
    private static final EnergyParameters RADIO = new EnergyParameters(0.1, 1e6, -100,
            EnergyParameters.NoiseReading.PER_HERTZ, 3.7e-12, 1.25, 32, 256);

    @Test
    void noisePowerPerHertzAndInTotal() {
        EnergyParameters paper = EnergyParameters.paperDefaults();
        assertEquals(1e-6, paper.noisePowerWatts(), 1e-18); // -100 dBm/Hz over 10 MHz = -30 dBm
        assertEquals(1e-13, paper.withNoiseReading(EnergyParameters.NoiseReading.TOTAL).noisePowerWatts(),
                1e-25);
        assertEquals(1e-7, RADIO.noisePowerWatts(), 1e-19);
    }

    @Test
    void rateTimeAndEnergyAtSnrThree() {
        // h = 3e-6: P h / (N_0 B) = 0.1 * 3e-6 / 1e-7 = 3, r = 1e6 log2(4) = 2e6 bit/s
        assertEquals(2e6, Uplink.rateBitsPerSecond(RADIO, 3e-6), 1e-6);
        Uplink.Transmission t = Uplink.transmit(RADIO, 1e6, 3e-6);
        assertEquals(0.5, t.seconds(), 1e-15);   // eq. (11): 1e6 bits / 2e6 bit/s
        assertEquals(0.05, t.joules(), 1e-15);   // eq. (12): 0.1 W * 0.5 s
        assertEquals(0.05, Uplink.joules(RADIO, 1e6, 3e-6), 1e-15);
    }

    @Test
    void totalNoiseReadingDropsTheBandwidthFromTheNoise() {
        EnergyParameters total = RADIO.withNoiseReading(EnergyParameters.NoiseReading.TOTAL);
        // noise 1e-13 W: h = 3e-12 gives the same SNR of 3
        assertEquals(2e6, Uplink.rateBitsPerSecond(total, 3e-12), 1e-6);
    }

    @Test
    void paperBitsAreDTimesN() {
        // ||d|| = n_max d bits at full precision; eq. (11) sends ||d|| n / n_max = d n
        assertEquals(8_000, Uplink.paperBits(1_000, 8));
        assertEquals(32 * 1_000 * 8 / 32.0, Uplink.paperBits(1_000, 8));
        // the paper's CNN at n = 10 over the SNR-3 channel: 2,274,020 bits / 2e6 bit/s * 0.1 W
        assertEquals(0.113701, Uplink.joules(RADIO, Uplink.paperBits(227_402, 10), 3e-6), 1e-12);
    }
}
