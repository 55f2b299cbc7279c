package org.fedqnn.proto.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedqnn.proto.v2.Encoding;
import org.fedqnn.proto.v2.TensorSpec;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;
import org.junit.jupiter.api.Test;

class TensorSpecsTest {

    @Test
    void specRoundTripsAndAnIllegalSpecIsAWireFormatError() {
        ExpectedTensor t = ExpectedTensor.of("3_W", WireEncoding.fixedPoint(6), 10, 20);
        assertEquals(t, TensorSpecs.fromSpec(TensorSpecs.toSpec(t)));
        ExpectedTensor f = ExpectedTensor.of("3_b", WireEncoding.float32(), 20);
        assertEquals(f, TensorSpecs.fromSpec(TensorSpecs.toSpec(f)));

        TensorSpec noEncoding = TensorSpec.newBuilder().setName("3_W").addShape(10).build();
        WireFormatException e = assertThrows(WireFormatException.class, () -> TensorSpecs.fromSpec(noEncoding));
        assertEquals("tensor '3_W': illegal tensor spec: encoding must be ENCODING_FIXED_POINT or "
                + "ENCODING_FLOAT32, got ENCODING_UNSPECIFIED", e.getMessage());
        TensorSpec overflow = TensorSpecs.toSpec(t).toBuilder().clearShape().addShape(Long.MAX_VALUE).addShape(4)
                .build();
        assertThrows(WireFormatException.class, () -> TensorSpecs.fromSpec(overflow));
        TensorSpec floatAt16 = TensorSpecs.toSpec(f).toBuilder().setBits(16).build();
        assertEquals("tensor '3_b': illegal tensor spec: WireEncoding.bits must be 32 for FLOAT32, got 16",
                assertThrows(WireFormatException.class, () -> TensorSpecs.fromSpec(floatAt16)).getMessage());
        assertEquals(Encoding.ENCODING_FIXED_POINT, TensorSpecs.toProto(WireEncoding.fixedPoint(3)));
    }
}
