package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import org.junit.jupiter.api.Test;

class FedAvgAccumulatorTest {

    private static final List<ExpectedTensor> SHAPES = List.of(
            ExpectedTensor.of("w", WireEncoding.fixedPoint(8), 3, 4),
            ExpectedTensor.of("b", WireEncoding.float32(), 4));

    private static float[][] random(SplittableRandom r) {
        float[][] d = new float[][] {new float[12], new float[4]};
        for (float[] t : d) {
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) (r.nextDouble() * 2 - 1) * (r.nextBoolean() ? 1e-6f : 1f);
            }
        }
        return d;
    }

    @Test
    void meanIsEquationEightDividedByUpdatesReceived() {
        FedAvgAccumulator acc = new FedAvgAccumulator(SHAPES);
        float[][] a = {{0.5f, -0.25f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.125f}, {1, 2, 3, 4}};
        float[][] b = {{0.25f, 0.25f, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.125f}, {3, 2, 1, 0}};
        acc.add(a);
        acc.add(b);
        assertEquals(2, acc.count());
        float[] w = new float[12];
        acc.meanInto(0, w);
        assertEquals(0.375f, w[0]);
        assertEquals(0f, w[1]);
        assertEquals(0f, w[11]);
        float[] bias = new float[4];
        acc.meanInto(1, bias);
        assertArrayEquals(new float[] {2, 2, 2, 2}, bias);
    }

    @Test
    void sumDoesNotDependOnArrivalOrder() {
        SplittableRandom r = new SplittableRandom(5);
        float[][][] updates = new float[30][][];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = random(r);
        }
        FedAvgAccumulator forward = new FedAvgAccumulator(SHAPES);
        FedAvgAccumulator backward = new FedAvgAccumulator(SHAPES);
        for (int i = 0; i < updates.length; i++) {
            forward.add(updates[i]);
            backward.add(updates[updates.length - 1 - i]);
        }
        for (int t = 0; t < 2; t++) {
            float[] f = new float[SHAPES.get(t).elementCount()];
            float[] b = new float[f.length];
            forward.meanInto(t, f);
            backward.meanInto(t, b);
            assertArrayEquals(f, b);
        }
    }

    @Test
    void fixedPointCodesAddExactly() {
        // 8-bit values are multiples of 2^-7; their mean over 3 updates is exact up to the final float rounding
        FedAvgAccumulator acc = new FedAvgAccumulator(SHAPES);
        for (int i = 0; i < 3; i++) {
            float[][] d = {new float[12], new float[4]};
            d[0][0] = (i + 1) / 128f;
            acc.add(d);
        }
        float[] w = new float[12];
        acc.meanInto(0, w);
        assertEquals(2 / 128f, w[0]);
    }

    @Test
    void problemWithNamesTheTensorAndElement() {
        FedAvgAccumulator acc = new FedAvgAccumulator(SHAPES);
        float[][] d = {new float[12], new float[4]};
        assertNull(acc.problemWith(d, SHAPES));
        d[1][2] = Float.NaN;
        String p = acc.problemWith(d, SHAPES);
        assertNotNull(p);
        assertTrue(p.contains("'b'") && p.contains("element 2"), p);
        d[1][2] = 2000f;
        assertTrue(acc.problemWith(d, SHAPES).contains("2000"));
        assertTrue(acc.problemWith(new float[][] {new float[12], new float[3]}, SHAPES).contains("'b'"));
    }
}
