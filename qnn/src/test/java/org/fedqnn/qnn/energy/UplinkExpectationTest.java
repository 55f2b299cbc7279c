package org.fedqnn.qnn.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedqnn.qnn.StreamKey;
import org.junit.jupiter.api.Test;

/** The Monte Carlo mean of 1 / r_k over placement and fading. */
class UplinkExpectationTest {

    private static final EnergyParameters RADIO = EnergyParameters.paperDefaults();
    private static final ChannelParameters CELL = ChannelParameters.paperDefaults();

    @Test
    void oneRunIsTheMeanOverTheDevicesOfOneCell() {
        UplinkExpectation one = UplinkExpectation.monteCarlo(RADIO, CELL, 50, 1, 9);
        Channel channel = Channel.place(CELL, 50, StreamKey.child(9, 0));
        double sum = 0;
        for (int k = 0; k < 50; k++) {
            sum += 1 / Uplink.rateBitsPerSecond(RADIO, channel.gain(0, k));
        }
        assertEquals(sum / 50, one.meanSecondsPerBit(), 1e-22);
        assertEquals(1, one.runs());
        assertEquals(50, one.devices());
    }

    @Test
    void seededAndReproducible() {
        UplinkExpectation a = UplinkExpectation.monteCarlo(RADIO, CELL, 50, 200, 1);
        assertEquals(a, UplinkExpectation.monteCarlo(RADIO, CELL, 50, 200, 1));
        assertNotEquals(a.meanSecondsPerBit(),
                UplinkExpectation.monteCarlo(RADIO, CELL, 50, 200, 2).meanSecondsPerBit());
    }

    @Test
    void meanEnergyIsPowerTimesBitsTimesSecondsPerBit() {
        UplinkExpectation s = new UplinkExpectation(2e-8, 0, 1, 1);
        assertEquals(0.1 * 1e6 * 2e-8, s.meanJoules(RADIO, 1e6), 1e-18);
    }

    @Test
    void thePaperCellAveragesAboutThirtyMegabitsPerSecondPerDevice() {
        // -100 dBm/Hz, 10 MHz, 100 mW, d^-2: typical SNR ~ 60 at 40 m; see docs/energy-and-bound.md
        UplinkExpectation s = UplinkExpectation.monteCarlo(RADIO, CELL, 50, 2_000, 1);
        assertEquals(3.3e-8, s.meanSecondsPerBit(), 0.6e-8);
    }

    @Test
    void needsAtLeastOneRun() {
        assertEquals("UplinkExpectation runs must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> UplinkExpectation.monteCarlo(RADIO, CELL, 50, 0, 1)).getMessage());
    }
}
