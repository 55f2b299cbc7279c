package org.fedqnn.server.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fedqnn.qnn.train.Precision;
import org.junit.jupiter.api.Test;

class DeviceProfilesTest {

    @Test
    void threeTiersSplitTheDevicesInThirdsInASeededOrder() {
        DeviceProfiles p = DeviceProfiles.tiers(10, 1, 5e10);
        long slow = p.all().stream().filter(d -> d.uplinkBitsPerSecond() == 1e6).count();
        long mid = p.all().stream().filter(d -> d.uplinkBitsPerSecond() == 1e7).count();
        long fast = p.all().stream().filter(d -> d.uplinkBitsPerSecond() == 1e8).count();
        assertEquals(4, slow);
        assertEquals(4, mid);
        assertEquals(2, fast);
        assertEquals(p.all(), DeviceProfiles.tiers(10, 1, 5e10).all(), "same seed, same profiles");
        assertNotEquals(p.all(), DeviceProfiles.tiers(10, 2, 5e10).all(), "another seed, another order");
        assertEquals("tiers (1 / 10 / 100 Mbit/s, 50.00 GMAC/s)", p.scenario());
    }

    @Test
    void tiersAtGivenRatesSplitTheDevicesInTheSameSeededOrder() {
        double[] rates = {2.5e5, 1e6, 4e6};
        DeviceProfiles given = DeviceProfiles.tiers(10, 1, 5e10, rates);
        DeviceProfiles standard = DeviceProfiles.tiers(10, 1, 5e10);
        for (int k = 0; k < 10; k++) {
            double r = standard.of(k).uplinkBitsPerSecond();
            double expected = r == 1e6 ? 2.5e5 : r == 1e7 ? 1e6 : 4e6;
            assertEquals(expected, given.of(k).uplinkBitsPerSecond(), "device " + k);
        }
        assertEquals("tiers (0.25 / 1 / 4 Mbit/s, 50.00 GMAC/s)", given.scenario());
        DeviceProfiles two = DeviceProfiles.tiers(5, 3, 1e9, new double[] {1e6, 2e6});
        assertEquals(3, two.all().stream().filter(d -> d.uplinkBitsPerSecond() == 1e6).count(), "ceil(5 / 2) slow");
        assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.tiers(3, 1, 1e9, new double[0]));
    }

    @Test
    void logNormalRatesSpreadAroundTheirMedian() {
        DeviceProfiles p = DeviceProfiles.logNormal(2001, 7, 1e7, 1.0, 5e10);
        double[] rates = p.all().stream().mapToDouble(DeviceProfile::uplinkBitsPerSecond).sorted().toArray();
        double median = rates[rates.length / 2];
        assertEquals(1e7, median, 1e7 * 0.1, "median within 10%");
        double[] logs = Arrays.stream(rates).map(Math::log).toArray();
        double mean = Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum() / logs.length);
        assertEquals(1.0, sd, 0.06, "sigma of ln(rate)");
        assertEquals(p.all(), DeviceProfiles.logNormal(2001, 7, 1e7, 1.0, 5e10).all());
        assertEquals(1e7, DeviceProfiles.logNormal(3, 7, 1e7, 0, 1e9).of(2).uplinkBitsPerSecond(), 1e-3);
    }

    @Test
    void aProfileTimesComputeAndUploadAndCapsTheTrainingPrecision() {
        DeviceProfile d = new DeviceProfile(1e6, 2e9, Precision.fixed(8));
        assertEquals(1.5, d.uploadSeconds(1.5e6), 1e-12);
        assertEquals(0.5, d.computeSeconds(1e9), 1e-12);
        assertEquals(2_500_000, d.budgetBits(2.5));
        assertEquals(Precision.fixed(8), d.trainingPrecision(Precision.fixed(16)));
        assertEquals(Precision.fixed(8), d.trainingPrecision(Precision.FLOAT32));
        assertEquals(Precision.fixed(4), d.trainingPrecision(Precision.fixed(4)));
        assertThrows(IllegalArgumentException.class, () -> new DeviceProfile(0, 1, Precision.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> new DeviceProfile(1, Double.NaN, Precision.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.homogeneous(0, 1, 1));
    }
}
