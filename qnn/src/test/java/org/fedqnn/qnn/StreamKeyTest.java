package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamKeyTest {

    @Test
    void sameCoordinatesSameKeyAndEveryCoordinateMatters() {
        Set<Long> keys = new HashSet<>();
        for (StreamKey.Purpose p : StreamKey.Purpose.values()) {
            for (int seed = 0; seed < 3; seed++) {
                for (int round = 0; round < 5; round++) {
                    for (int device = 0; device < 5; device++) {
                        for (int layer = 0; layer < 5; layer++) {
                            long k = StreamKey.derive(seed, p, round, device, layer);
                            assertEquals(k, StreamKey.derive(seed, p, round, device, layer));
                            keys.add(k);
                        }
                    }
                }
            }
        }
        assertEquals(StreamKey.Purpose.values().length * 3 * 125, keys.size(), "all keys distinct");
        assertTrue(StreamKey.child(1, 0) != StreamKey.child(1, 1));
    }

    @Test
    void counterHashIsUniformEnough() {
        int[] buckets = new int[16];
        long key = StreamKey.derive(3, StreamKey.Purpose.DELTA_QUANTIZATION, 0, 0, 0);
        int n = 160_000;
        for (int i = 0; i < n; i++) {
            buckets[(int) (CounterHash.uniform(key, i) * 16)]++;
        }
        for (int b : buckets) {
            assertEquals(n / 16.0, b, 5 * Math.sqrt(n / 16.0), "bucket count");
        }
    }
}
