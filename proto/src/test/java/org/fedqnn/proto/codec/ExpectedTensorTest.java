package org.fedqnn.proto.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.fedqnn.proto.v2.Encoding;
import org.fedqnn.proto.v2.TensorSpec;
import org.junit.jupiter.api.Test;

class ExpectedTensorTest {

    @Test
    void wireEncodingRefusesIllegalBits() {
        assertEquals("WireEncoding.bits must be in 1..32 for ENCODING_FIXED_POINT, got 0",
                assertThrows(IllegalArgumentException.class, () -> WireEncoding.fixedPoint(0)).getMessage());
        assertEquals("WireEncoding.bits must be in 1..32 for ENCODING_FIXED_POINT, got 33",
                assertThrows(IllegalArgumentException.class, () -> WireEncoding.fixedPoint(33)).getMessage());
        assertEquals("WireEncoding.bits must be 32 for ENCODING_FLOAT32, got 16",
                assertThrows(IllegalArgumentException.class,
                        () -> new WireEncoding(Encoding.ENCODING_FLOAT32, 16)).getMessage());
        assertEquals("WireEncoding.encoding must be ENCODING_FIXED_POINT or ENCODING_FLOAT32, got ENCODING_UNSPECIFIED",
                assertThrows(IllegalArgumentException.class,
                        () -> new WireEncoding(Encoding.ENCODING_UNSPECIFIED, 8)).getMessage());
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
    }

    @Test
    void specRoundTripsAndAnIllegalSpecIsAWireFormatError() {
        ExpectedTensor t = ExpectedTensor.of("3_W", WireEncoding.fixedPoint(6), 10, 20);
        assertEquals(t, ExpectedTensor.fromSpec(t.toSpec()));
        assertEquals(200, t.elementCount());
        assertEquals(List.of(10L, 20L), t.shape());

        TensorSpec noEncoding = TensorSpec.newBuilder().setName("3_W").addShape(10).build();
        WireFormatException e = assertThrows(WireFormatException.class, () -> ExpectedTensor.fromSpec(noEncoding));
        assertEquals("tensor '3_W': illegal tensor spec: WireEncoding.encoding must be ENCODING_FIXED_POINT or "
                + "ENCODING_FLOAT32, got ENCODING_UNSPECIFIED", e.getMessage());
        TensorSpec overflow = t.toSpec().toBuilder().clearShape().addShape(Long.MAX_VALUE).addShape(4).build();
        assertThrows(WireFormatException.class, () -> ExpectedTensor.fromSpec(overflow));
    }
}
