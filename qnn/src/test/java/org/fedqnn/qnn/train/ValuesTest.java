package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void precisionParsesFloatAndBitWidths() {
        assertTrue(Precision.parse("float").isFloat());
        assertTrue(Precision.parse("FLOAT32").isFloat());
        assertEquals(8, Precision.parse(" 8 ").bits());
        assertEquals(32, Precision.parse("32").format().bits());
        for (String bad : new String[] {"0", "33", "-1", "eight", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> Precision.float32().format());
    }

    @Test
    void learningRateFollowsBetaOverTPlusGamma() {
        LearningRate lr = new LearningRate(5, 1);
        assertEquals(5.0, lr.at(0));
        assertEquals(0.5, lr.at(9));
        assertEquals(0.1, LearningRate.DEFAULT.at(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new LearningRate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LearningRate(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> lr.at(-1));
    }

    @Test
    void layerScaleIsThePowerOfTwoNearestTheHeLimit() {
        assertEquals(1f, LayerScale.POW2.scale(9)); // sqrt(6/9) = 0.82
        assertEquals(0.125f, LayerScale.POW2.scale(576)); // 0.102
        assertEquals(0.0625f, LayerScale.POW2.scale(2304)); // 0.051
        assertEquals(1f, LayerScale.NONE.scale(2304));
        assertEquals(LayerScale.POW2, LayerScale.parse("POW2"));
        assertThrows(IllegalArgumentException.class, () -> LayerScale.parse("bn"));
    }

    @Test
    void policyKeepsFirstAndLastInFloat() {
        assertTrue(LayerPolicy.ALL.quantizes(0, 4));
        assertTrue(!LayerPolicy.FLOAT_FIRST_LAST.quantizes(0, 4) && LayerPolicy.FLOAT_FIRST_LAST.quantizes(1, 4)
                && !LayerPolicy.FLOAT_FIRST_LAST.quantizes(3, 4));
        assertEquals(LayerPolicy.FLOAT_FIRST_LAST, LayerPolicy.parse("float-first-last"));
        assertEquals(ClippedActivation.HARDTANH, ClippedActivation.parse("HardTanh"));
    }
}
