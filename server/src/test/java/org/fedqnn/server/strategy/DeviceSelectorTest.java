package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    @Test
    void picksKDistinctSortedDevices() {
        for (int round = 0; round < 50; round++) {
            int[] s = DeviceSelector.select(7, round, 50, 30);
            assertEquals(30, s.length);
            assertEquals(30, Arrays.stream(s).distinct().count());
            assertTrue(Arrays.stream(s).allMatch(k -> k >= 0 && k < 50));
            int[] sorted = s.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, s);
        }
    }

    @Test
    void sameSeedSameSelectionOtherSeedOrRoundDiffers() {
        assertArrayEquals(DeviceSelector.select(1, 3, 50, 10), DeviceSelector.select(1, 3, 50, 10));
        assertFalse(Arrays.equals(DeviceSelector.select(1, 3, 50, 10), DeviceSelector.select(2, 3, 50, 10)));
        assertFalse(Arrays.equals(DeviceSelector.select(1, 3, 50, 10), DeviceSelector.select(1, 4, 50, 10)));
    }

    @Test
    void everyDeviceIsSelectedAboutKOverNOfTheRounds() {
        int n = 10;
        int k = 3;
        int rounds = 20_000;
        int[] counts = new int[n];
        for (int r = 0; r < rounds; r++) {
            for (int d : DeviceSelector.select(11, r, n, k)) {
                counts[d]++;
            }
        }
        double expected = (double) rounds * k / n;
        for (int c : counts) {
            // binomial sd = sqrt(20000 * 0.3 * 0.7) ~ 65; 5 sd
            assertEquals(expected, c, 325, Arrays.toString(counts));
        }
    }

    @Test
    void refusesKOutsideOneToN() {
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select(1, 0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select(1, 0, 5, 6));
    }
}
