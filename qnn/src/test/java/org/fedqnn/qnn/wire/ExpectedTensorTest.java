package org.fedqnn.qnn.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedTensorTest {

    @Test
    void wireEncodingRefusesIllegalBits() {
        assertEquals("WireEncoding.bits must be in 1..32 for FIXED_POINT, got 0",
                assertThrows(IllegalArgumentException.class, () -> WireEncoding.fixedPoint(0)).getMessage());
        assertEquals("WireEncoding.bits must be in 1..32 for FIXED_POINT, got 33",
                assertThrows(IllegalArgumentException.class, () -> WireEncoding.fixedPoint(33)).getMessage());
        assertEquals("WireEncoding.bits must be 32 for FLOAT32, got 16",
                assertThrows(IllegalArgumentException.class,
                        () -> new WireEncoding(WireEncoding.Kind.FLOAT32, 16)).getMessage());
        assertEquals(3, WireEncoding.fixedPoint(3).payloadBytes(8));
        assertEquals(32, WireEncoding.float32().payloadBytes(8));
    }

    @Test
    void expectedTensorRefusesBadShapes() {
        WireEncoding e = WireEncoding.fixedPoint(8);
        assertEquals("ExpectedTensor.shape of 'w' must have every dimension >= 1, got [3, 0]",
                assertThrows(IllegalArgumentException.class, () -> ExpectedTensor.of("w", e, 3, 0)).getMessage());
        assertEquals("ExpectedTensor.shape of 'w' must have at least one dimension",
                assertThrows(IllegalArgumentException.class, () -> ExpectedTensor.of("w", e)).getMessage());
        assertEquals("ExpectedTensor.shape of 'w' must hold at most 2147483639 elements, got [65536, 65536]",
                assertThrows(IllegalArgumentException.class,
                        () -> ExpectedTensor.of("w", e, 65536, 65536)).getMessage());
        assertEquals("ExpectedTensor.name must not be blank, got ' '",
                assertThrows(IllegalArgumentException.class, () -> ExpectedTensor.of(" ", e, 1)).getMessage());
        ExpectedTensor t = ExpectedTensor.of("3_W", WireEncoding.fixedPoint(6), 10, 20);
        assertEquals(200, t.elementCount());
        assertEquals(List.of(10L, 20L), t.shape());
    }
}
