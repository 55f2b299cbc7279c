package org.fedqnn.qnn.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The defaults of section IV, and refusals that name the field, the rule and the value. */
class EnergyParametersTest {

    @Test
    void paperDefaults() {
        EnergyParameters p = EnergyParameters.paperDefaults();
        assertEquals(0.1, p.transmitPowerWatts());
        assertEquals(10e6, p.bandwidthHertz());
        assertEquals(-100, p.noiseDbm());
        assertEquals(EnergyParameters.NoiseReading.PER_HERTZ, p.noiseReading());
        assertEquals(3.7e-12, p.macEnergyJoules());
        assertEquals(1.25, p.alpha());
        assertEquals(32, p.nMax());
        assertEquals(256, p.macUnits());
    }

    @Test
    void refusesBadValues() {
        EnergyParameters.NoiseReading hz = EnergyParameters.NoiseReading.PER_HERTZ;
        refuses("EnergyParameters.transmitPowerWatts must be finite and greater than 0, got -0.1",
                () -> new EnergyParameters(-0.1, 1e7, -100, hz, 3.7e-12, 1.25, 32, 256));
        refuses("EnergyParameters.bandwidthHertz must be finite and greater than 0, got Infinity",
                () -> new EnergyParameters(0.1, Double.POSITIVE_INFINITY, -100, hz, 3.7e-12, 1.25, 32, 256));
        refuses("EnergyParameters.noiseDbm must be finite, got NaN",
                () -> new EnergyParameters(0.1, 1e7, Double.NaN, hz, 3.7e-12, 1.25, 32, 256));
        refuses("EnergyParameters.nMax must be in 1..32, got 64",
                () -> new EnergyParameters(0.1, 1e7, -100, hz, 3.7e-12, 1.25, 64, 256));
        refuses("EnergyParameters.macUnits must be at least 1, got 0",
                () -> new EnergyParameters(0.1, 1e7, -100, hz, 3.7e-12, 1.25, 32, 0));
        refuses("ComputeWorkload.macs must be finite and at least 0, got -1.0",
                () -> ComputeWorkload.paper(-1, 0, 0));
        assertThrows(NullPointerException.class,
                () -> new EnergyParameters(0.1, 1e7, -100, null, 3.7e-12, 1.25, 32, 256));
    }

    private static void refuses(String message, Executable construction) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construction).getMessage());
    }
}
