package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.junit.jupiter.api.Test;

class MaxCodeAttackTest {

    private static final int M = 6;
    /** The mlp with float32 first and last layers: the attack covers both encodings. */
    private static final List<ExpectedTensor> TENSORS = new ModelLayout(
            Fixtures.MLP_FLOAT_EDGES.create(Precision.fixed(M), 0).parameters(), Precision.fixed(M))
            .updateTensors(Precision.fixed(M));

    private static LocalResult honest() {
        List<float[]> deltas = new ArrayList<>();
        for (ExpectedTensor t : TENSORS) {
            deltas.add(new float[t.elementCount()]);
        }
        return new LocalResult(deltas, 1.5, 0.25, 160, 5, new SampleCosts(10, 20, 30, 40), 0.5, 0.125);
    }

    @Test
    void everyDecodedValueIsItsTensorsLargestAndTheFiguresStayHonest() {
        LocalResult hostile = MaxCodeAttack.apply(honest(), TENSORS);
        int limit = TensorChunker.MIN_MAX_PAYLOAD_BYTES;
        UpdateHeader header = UpdateHeader.newBuilder().setRunId("run").setSessionId("s").setRound(1).build();
        DecodedUpdate decoded = DecodedUpdate.decode(
                new UpdateEncoder(limit).encode(header, TENSORS, hostile, Fixtures.SEED).messages(), TENSORS, limit);
        double largestCode = FixedPointFormat.of(M).value(FixedPointFormat.of(M).maxCode());
        for (int i = 0; i < TENSORS.size(); i++) {
            double expected = TENSORS.get(i).encoding().isFixedPoint() ? largestCode : 1.0;
            for (float v : decoded.tensors().get(i)) {
                assertEquals(expected, v, 0.0, "tensor " + TENSORS.get(i).name());
            }
        }
        assertEquals(160, decoded.trailer().getSamplesUsed());
        assertEquals(1.5, decoded.trailer().getMeanLocalLoss());
        assertEquals(20, decoded.trailer().getBackwardMacsPerSample());
    }

    @Test
    void aResultOfTheWrongSizeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MaxCodeAttack.apply(honest(), TENSORS.subList(0, 1)));
        assertTrue(e.getMessage().contains("must carry 1 tensors"), e.getMessage());
    }

    @Test
    void onlyAHostedDeviceCanBeAnAttacker() {
        DeviceSettings settings = DeviceSettings.defaults("127.0.0.1:1", List.of("a", "b"));
        assertEquals(Set.of("b"), settings.withMaxCodeDevices(Set.of("b")).maxCodeDevices());
        var e = assertThrows(IllegalArgumentException.class, () -> settings.withMaxCodeDevices(Set.of("c")));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }
}
