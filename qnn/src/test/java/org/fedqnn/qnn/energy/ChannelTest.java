package org.fedqnn.qnn.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Placement inside the cell, Rayleigh fading with mean 1, path loss, and reproducibility. */
class ChannelTest {

    private static final ChannelParameters CELL = ChannelParameters.paperDefaults();

    @Property(tries = 200, seed = "6")
    void everyDeviceStandsInsideTheSquare(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int devices) {
        Channel channel = Channel.place(CELL, devices, seed);
        for (int k = 0; k < devices; k++) {
            DevicePosition p = channel.position(k);
            assertTrue(Math.abs(p.xMetres()) <= 50 && Math.abs(p.yMetres()) <= 50, p.toString());
            double gain = channel.pathGain(k);
            assertTrue(gain > 0 && gain <= 1, "path gain " + gain);
        }
    }

    @Test
    void placementIsUniformAroundTheBaseStation() {
        double sumX = 0;
        double sumY = 0;
        double sumSquare = 0;
        int count = 0;
        for (int run = 0; run < 2_000; run++) {
            Channel channel = Channel.place(CELL, 50, run);
            for (int k = 0; k < 50; k++) {
                sumX += channel.position(k).xMetres();
                sumY += channel.position(k).yMetres();
                sumSquare += channel.position(k).xMetres() * channel.position(k).xMetres();
                count++;
            }
        }
        // uniform on [-50, 50]: mean 0 (standard error 0.09 m), variance 100^2 / 12
        assertEquals(0, sumX / count, 0.5);
        assertEquals(0, sumY / count, 0.5);
        assertEquals(10_000 / 12.0, sumSquare / count, 15);
    }

    @Test
    void rayleighFadingPowerIsExponentialWithMeanOne() {
        Channel channel = Channel.place(CELL, 50, 7);
        double sum = 0;
        int above = 0;
        int draws = 0;
        for (int round = 0; round < 4_000; round++) {
            for (int k = 0; k < 50; k++) {
                double g = channel.fadingPower(round, k);
                assertTrue(g > 0 && Double.isFinite(g), "|g|^2 = " + g);
                sum += g;
                above += g > 1 ? 1 : 0;
                draws++;
            }
        }
        // 200,000 draws: standard error of the mean 0.0022, of P(|g|^2 > 1) = e^-1 about 0.0011
        assertEquals(1.0, sum / draws, 0.012);
        assertEquals(Math.exp(-1), (double) above / draws, 0.006);
    }

    @Test
    void pathLossHasExponentTwoAndZeroDecibelsAtTheReferenceDistance() {
        assertEquals(1.0, CELL.pathGain(1.0));
        assertEquals(0.01, CELL.pathGain(10.0), 1e-15);
        assertEquals(1.0 / 2500, CELL.pathGain(50.0), 1e-15);
        assertEquals(1.0, CELL.pathGain(0.3)); // closer than d0 is clamped to d0
        assertEquals(1e-3, new ChannelParameters(100, 3, 1).pathGain(10), 1e-15);
        assertEquals(1.0, new ChannelParameters(100, 2, 10).pathGain(10));
        assertEquals(0.25, new ChannelParameters(100, 2, 10).pathGain(20), 1e-15);
    }

    @Test
    void theSameSeedGivesTheSameCellAndFadesInAnyOrder() {
        Channel a = Channel.place(CELL, 50, 42);
        Channel b = Channel.place(CELL, 50, 42);
        double late = b.fadingPower(9, 3);
        for (int k = 0; k < 50; k++) {
            assertEquals(a.position(k), b.position(k));
            assertEquals(a.gain(5, k), b.gain(5, k));
            assertEquals(a.pathGain(k) * a.fadingPower(5, k), a.gain(5, k));
        }
        assertEquals(late, a.fadingPower(9, 3));
        assertNotEquals(a.fadingPower(5, 3), a.fadingPower(6, 3));
        assertNotEquals(a.position(3), Channel.place(CELL, 50, 43).position(3));
        // placement is per run: the same device stands in the same place whatever the round
        assertEquals(Channel.place(CELL, 10, 42).position(3), a.position(3));
    }

    @Test
    void badArgumentsNameWhatWasWrong() {
        Channel channel = Channel.place(CELL, 5, 1);
        assertEquals("Channel device must be in 0..4, got 5",
                assertThrows(IllegalArgumentException.class, () -> channel.position(5)).getMessage());
        assertEquals("Channel round must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> channel.fadingPower(-1, 0)).getMessage());
        assertEquals("ChannelParameters.areaSideMetres must be finite and greater than 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new ChannelParameters(0, 2, 1)).getMessage());
    }
}
