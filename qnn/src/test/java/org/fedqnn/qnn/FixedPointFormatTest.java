package org.fedqnn.qnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedPointFormatTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 33, Integer.MIN_VALUE, 64})
    void refusesBitsOutsideOneToThirtyTwoNamingTheValue(int bits) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FixedPointFormat(bits));
        assertTrue(e.getMessage().contains("got " + bits), e.getMessage());
        assertTrue(e.getMessage().contains("1..32"), e.getMessage());
    }

    @Test
    void eightBitsHasStepTwoToTheMinusSevenAndRangeMinusOneToOneMinusKappa() {
        FixedPointFormat f = FixedPointFormat.of(8);
        assertEquals(1.0 / 128, f.kappa());
        assertEquals(128.0, f.scale());
        assertEquals(-128, f.minCode());
        assertEquals(127, f.maxCode());
        assertEquals(-1.0, f.value(f.minCode()));
        assertEquals(1.0 - 1.0 / 128, f.value(f.maxCode()));
        assertEquals(f.maxValue(), f.value(f.maxCode()));
    }

    @Test
    void oneBitHoldsOnlyMinusOneAndZero() {
        FixedPointFormat f = FixedPointFormat.of(1);
        assertEquals(1.0, f.kappa());
        assertEquals(-1, f.minCode());
        assertEquals(0, f.maxCode());
        assertEquals(0.0, f.maxValue());
        assertTrue(f.isOnGrid(-1.0));
        assertTrue(f.isOnGrid(0.0));
        assertFalse(f.isOnGrid(1.0));
        assertFalse(f.isOnGrid(-0.5));
    }

    @Test
    void thirtyTwoBitsUsesTheWholeIntRange() {
        FixedPointFormat f = FixedPointFormat.of(32);
        assertEquals(Integer.MIN_VALUE, f.minCode());
        assertEquals(Integer.MAX_VALUE, f.maxCode());
        assertEquals(Math.scalb(1.0, -31), f.kappa());
    }

    @Test
    void packedBytesIsCeilOfLengthTimesBitsOverEight() {
        assertEquals(0, FixedPointFormat.of(3).packedBytes(0));
        assertEquals(1, FixedPointFormat.of(3).packedBytes(1));
        assertEquals(3, FixedPointFormat.of(3).packedBytes(8));
        assertEquals(4, FixedPointFormat.of(3).packedBytes(9));
        assertEquals(260, FixedPointFormat.of(32).packedBytes(65));
        assertEquals(9, FixedPointFormat.of(1).packedBytes(65));
    }
}
