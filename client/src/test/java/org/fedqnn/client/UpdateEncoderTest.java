package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.qnn.wire.WireEncoding;
import org.junit.jupiter.api.Test;

class UpdateEncoderTest {

    private static final int M = 4;
    private static final int LIMIT = TensorChunker.MIN_MAX_PAYLOAD_BYTES;
    /** The mlp with float32 first and last layers: the update mixes both encodings. */
    private static final List<ExpectedTensor> TENSORS = new ModelLayout(
            Fixtures.MLP_FLOAT_EDGES.create(Precision.fixed(M), 0).parameters(), Precision.fixed(M))
            .updateTensors(Precision.fixed(M));
    private static final UpdateHeader HEADER = header(7, 3);

    private static UpdateHeader header(long round, int device) {
        return UpdateHeader.newBuilder().setRunId("run").setSessionId("session").setDeviceIndex(device)
                .setRound(round).build();
    }

    /** Deltas in [-1, 1): large ones in even tensors, small ones in odd tensors. */
    private static LocalResult result(List<ExpectedTensor> tensors) {
        SplittableRandom random = new SplittableRandom(1);
        List<float[]> deltas = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            float[] d = new float[tensors.get(i).elementCount()];
            double scale = i % 2 == 0 ? 1 : 0.05;
            for (int j = 0; j < d.length; j++) {
                d[j] = (float) ((2 * random.nextDouble() - 1) * scale);
            }
            deltas.add(d);
        }
        return new LocalResult(deltas, 1.5, 0.25, 160, 5, new SampleCosts(10, 20, 30, 40), 0.5, 0.125);
    }

    @Test
    void theTensorsMixBothEncodings() {
        assertTrue(TENSORS.stream().anyMatch(t -> t.encoding().isFixedPoint()));
        assertTrue(TENSORS.stream().anyMatch(t -> !t.encoding().isFixedPoint()));
    }

    @Test
    void anAssemblerWithTheSameExpectationsDecodesTheStream() {
        LocalResult result = result(TENSORS);
        EncodedUpdate update = new UpdateEncoder(LIMIT).encode(HEADER, TENSORS, result, Fixtures.SEED);
        DecodedUpdate decoded = DecodedUpdate.decode(update.messages(), TENSORS, LIMIT);
        assertEquals(HEADER, decoded.header());
        double step = Math.scalb(1.0, 1 - M);
        for (int i = 0; i < TENSORS.size(); i++) {
            float[] sent = result.delta(i);
            float[] got = decoded.tensors().get(i);
            if (TENSORS.get(i).encoding().isFixedPoint()) {
                for (int j = 0; j < sent.length; j++) {
                    assertTrue(Math.abs(got[j] - sent[j]) < step, "tensor " + i + " element " + j + ": sent "
                            + sent[j] + ", got " + got[j] + ", more than one step " + step + " apart");
                }
            } else {
                assertArrayEquals(sent, got, "float32 tensor " + i + " must come back exactly");
            }
        }
    }

    @Test
    void theTrailerCarriesTheFiguresAndTheBytesSentBeforeIt() {
        LocalResult result = result(TENSORS);
        EncodedUpdate update = new UpdateEncoder(LIMIT).encode(HEADER, TENSORS, result, Fixtures.SEED);
        long bytes = 0;
        for (UpdateMessage m : update.messages().subList(0, update.messages().size() - 1)) {
            bytes += m.getSerializedSize();
        }
        var trailer = update.trailer();
        assertEquals(bytes, trailer.getBytesSent());
        assertEquals(bytes, update.bytesSent());
        assertTrue(update.messages().size() > TENSORS.size() + 2, "a small payload limit cuts tensors into chunks");
        assertEquals(10, trailer.getForwardMacsPerSample());
        assertEquals(20, trailer.getBackwardMacsPerSample());
        assertEquals(30, trailer.getWeights());
        assertEquals(40, trailer.getOutputsPerSample());
        assertEquals(160, trailer.getSamplesUsed());
        assertEquals(5, trailer.getLocalSteps());
        assertEquals(0.25, trailer.getComputeSeconds());
        assertEquals(1.5, trailer.getMeanLocalLoss());
        assertEquals(0.5, trailer.getMeanSquaredGradientNorm());
        assertEquals(0.125, trailer.getGradientVariance());
    }

    @Test
    void theDrawsDependOnSeedRoundAndDeviceOnly() {
        LocalResult result = result(TENSORS);
        UpdateEncoder encoder = new UpdateEncoder(LIMIT);
        List<UpdateMessage> first = encoder.encode(HEADER, TENSORS, result, Fixtures.SEED).messages();
        assertEquals(first, new UpdateEncoder(LIMIT).encode(HEADER, TENSORS, result, Fixtures.SEED).messages());
        int quantized = 0;
        while (!TENSORS.get(quantized).encoding().isFixedPoint()) {
            quantized++;
        }
        float[] other = DecodedUpdate.decode(encoder.encode(header(7, 4), TENSORS, result, Fixtures.SEED).messages(),
                TENSORS, LIMIT).tensors().get(quantized);
        float[] mine = DecodedUpdate.decode(first, TENSORS, LIMIT).tensors().get(quantized);
        assertNotEquals(Arrays.toString(mine), Arrays.toString(other), "devices 3 and 4 drew the same codes");
    }

    /** Deterministic rounding would send all of these as 0; eq. (4) keeps their mean. */
    @Test
    void deltasFarBelowOneStepSurviveOnAverage() {
        int bits = 8;
        double step = Math.scalb(1.0, 1 - bits);
        List<ExpectedTensor> tensors = List.of(ExpectedTensor.of("w", WireEncoding.fixedPoint(bits), 100_000));
        float[] tiny = new float[100_000];
        Arrays.fill(tiny, (float) (step / 4));
        LocalResult result = new LocalResult(List.of(tiny), 1, 0, 1, 1, new SampleCosts(0, 0, 0, 0), 0, 0);
        float[] got = DecodedUpdate.decode(new UpdateEncoder(LIMIT).encode(HEADER, tensors, result, Fixtures.SEED)
                .messages(), tensors, LIMIT).tensors().get(0);
        int up = 0;
        for (float v : got) {
            assertTrue(v == 0f || v == (float) step, "a value between 0 and one step rounds to either, got " + v);
            up += v != 0f ? 1 : 0;
        }
        double fraction = up / (double) got.length;
        assertTrue(fraction > 0.24 && fraction < 0.26, "a quarter step must round up a quarter of the time, got "
                + fraction);
    }

    /** kappa^2 f (1 - f) inside the range, the clipping error squared outside: eq. (18) written out. */
    private static double reference(float[] values, int bits) {
        double kappa = Math.scalb(1.0, 1 - bits);
        double sum = 0;
        for (float x : values) {
            if (x > 1 - kappa) {
                sum += (x - (1 - kappa)) * (x - (1 - kappa));
            } else if (x < -1) {
                sum += (x + 1) * (x + 1);
            } else {
                double f = x / kappa - Math.floor(x / kappa);
                sum += kappa * kappa * f * (1 - f);
            }
        }
        return sum;
    }

    @Test
    void theTrailerCarriesTheQuantizationVarianceOfTheFixedPointTensors() {
        LocalResult result = result(TENSORS);
        var trailer = new UpdateEncoder(LIMIT).encode(HEADER, TENSORS, result, Fixtures.SEED).trailer();
        double expected = 0;
        long values = 0;
        for (int i = 0; i < TENSORS.size(); i++) {
            if (TENSORS.get(i).encoding().isFixedPoint()) {
                expected += reference(result.delta(i), M);
                values += TENSORS.get(i).elementCount();
            }
        }
        assertTrue(trailer.hasQuantizationVariance());
        assertTrue(expected > 0);
        double kappa = Math.scalb(1.0, 1 - M);
        // the draw has 24 bits: a value rounds up with probability ceil(f 2^24) / 2^24, not f
        assertEquals(expected, trailer.getQuantizationVariance(), values * kappa * kappa * 0x1.0p-24,
                "the float32 tensors add nothing, the n-bit ones kappa^2 f (1 - f) per value");
    }

    @Test
    void aFloat32UpdateReportsZeroAndAnInfiniteDeltaLeavesTheFigureUnset() {
        List<ExpectedTensor> floats = List.of(ExpectedTensor.of("w", WireEncoding.float32(), 10));
        LocalResult result = new LocalResult(List.of(new float[] {0.3f, -0.1f, 0, 0, 0, 0, 0, 0, 0, 0.7f}), 1, 0, 1,
                1, new SampleCosts(0, 0, 0, 0), 0, 0);
        var trailer = new UpdateEncoder(LIMIT).encode(HEADER, floats, result, Fixtures.SEED).trailer();
        assertTrue(trailer.hasQuantizationVariance());
        assertEquals(0, trailer.getQuantizationVariance(), "float32 deltas are sent as they are");

        List<ExpectedTensor> fixed = List.of(ExpectedTensor.of("w", WireEncoding.fixedPoint(8), 3));
        LocalResult infinite = new LocalResult(List.of(new float[] {0.1f, Float.POSITIVE_INFINITY, 0.2f}), 1, 0, 1,
                1, new SampleCosts(0, 0, 0, 0), 0, 0);
        assertFalse(new UpdateEncoder(LIMIT).encode(HEADER, fixed, infinite, Fixtures.SEED).trailer()
                .hasQuantizationVariance(), "an infinite clipping error is not a figure the server can keep");
    }

    /** The figure is what the draws give on average: the mean over 200 devices' draws of ||Q(d) - d||^2. */
    @Test
    void theQuantizationVarianceIsTheMeanSquaredErrorOfTheSentDelta() {
        LocalResult result = result(TENSORS);
        UpdateEncoder encoder = new UpdateEncoder(LIMIT);
        double reported = encoder.encode(HEADER, TENSORS, result, Fixtures.SEED).trailer().getQuantizationVariance();
        int draws = 200;
        double sum = 0;
        for (int k = 0; k < draws; k++) {
            List<float[]> got = DecodedUpdate.decode(encoder.encode(header(7, k), TENSORS, result, Fixtures.SEED)
                    .messages(), TENSORS, LIMIT).tensors();
            for (int i = 0; i < TENSORS.size(); i++) {
                float[] sent = result.delta(i);
                for (int j = 0; j < sent.length; j++) {
                    double e = got.get(i)[j] - (double) sent[j];
                    sum += e * e;
                }
            }
        }
        assertEquals(reported, sum / draws, 0.01 * reported, "reported " + reported + ", mean over " + draws
                + " draws " + sum / draws);
    }
}
