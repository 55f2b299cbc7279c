package org.fedqnn.client;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.FixedPointFormat;
import org.fedqnn.qnn.Quantizer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.WireEncoding;

/**
 * Builds the SubmitUpdate stream of one round: the {@link UpdateHeader}; then, for each tensor
 * i the task's {@code update_tensors} list, the delta d_i quantized with eq. (4) at that
 * tensor's width (the uplink width m_l the task asked for; tensors kept in float32 go as they are), drawing
 * from {@code derive(seed, DELTA_QUANTIZATION, t, k, i)}; then the {@link UpdateTrailer} with
 * the measured figures, {@code bytes_sent}, the serialized size of every message before it, and
 * {@code quantization_variance}, the variance that quantizing this delta added given its values
 * (the sum over tensors of {@link Quantizer#expectedSquaredError}; left unset when a delta value
 * is infinite, which saturates with an infinite error).
 *
 * <p>Immutable and thread-safe.
 */
public final class UpdateEncoder {

    /** The rounding of eq. (4) the delta is quantized with. */
    private static final Rounding ROUNDING = Rounding.STOCHASTIC;

    private final TensorChunker chunker;

    /** @param maxChunkPayloadBytes the server's {@code RegisterResponse.max_chunk_payload_bytes} */
    public UpdateEncoder(int maxChunkPayloadBytes) {
        this.chunker = new TensorChunker(maxChunkPayloadBytes, ROUNDING);
    }

    /**
     * @param header  run, session, device index k and round t of the update
     * @param tensors the tensors the update must carry ({@code TaskHeader.update_tensors}), in order
     * @param result  the round's deltas (in the same order) and figures
     * @param seed    the run seed
     * @throws IllegalArgumentException when the deltas do not match the tensors
     */
    public EncodedUpdate encode(UpdateHeader header, List<ExpectedTensor> tensors, LocalResult result, long seed) {
        if (result.deltas().size() != tensors.size()) {
            throw new IllegalArgumentException("the update must carry " + tensors.size() + " tensors, the result has "
                    + result.deltas().size() + " deltas");
        }
        List<UpdateMessage> messages = new ArrayList<>();
        long[] bytes = {0};
        add(messages, bytes, UpdateMessage.newBuilder().setHeader(header).build());
        double quantizationVariance = 0;
        for (int i = 0; i < tensors.size(); i++) {
            long key = StreamKey.derive(seed, StreamKey.Purpose.DELTA_QUANTIZATION, header.getRound(),
                    header.getDeviceIndex(), i);
            float[] delta = result.delta(i);
            chunker.write(tensors.get(i), delta, key,
                    chunk -> add(messages, bytes, UpdateMessage.newBuilder().setChunk(chunk).build()));
            quantizationVariance += quantizationVariance(tensors.get(i), delta);
        }
        SampleCosts costs = result.costs();
        UpdateTrailer.Builder trailer = UpdateTrailer.newBuilder()
                .setForwardMacsPerSample(costs.forwardMacs())
                .setBackwardMacsPerSample(costs.backwardMacs())
                .setWeights(costs.weights())
                .setOutputsPerSample(costs.outputs())
                .setSamplesUsed(result.samplesUsed())
                .setLocalSteps(result.localSteps())
                .setComputeSeconds(result.computeSeconds())
                .setMeanLocalLoss(result.meanLocalLoss())
                .setMeanSquaredGradientNorm(result.meanSquaredGradientNorm())
                .setGradientVariance(result.gradientVariance())
                .setBytesSent(bytes[0]);
        if (Double.isFinite(quantizationVariance)) {
            trailer.setQuantizationVariance(quantizationVariance);
        }
        messages.add(UpdateMessage.newBuilder().setTrailer(trailer).build());
        return new EncodedUpdate(messages, bytes[0]);
    }

    /**
     * E||Q(d) - d||^2 given d for one tensor: what eq. (4) adds at the tensor's width
     * ({@link Quantizer#expectedSquaredError}, the encoder's rounding), 0 for a float32 tensor.
     * A separate pass over the values in double, no draw: the chunker's quantizing kernels stay
     * as they are.
     */
    static double quantizationVariance(ExpectedTensor tensor, float[] delta) {
        WireEncoding encoding = tensor.encoding();
        if (!encoding.isFixedPoint()) {
            return 0;
        }
        return new Quantizer(FixedPointFormat.of(encoding.bits()), ROUNDING).expectedSquaredError(delta, 0,
                delta.length);
    }

    private static void add(List<UpdateMessage> messages, long[] bytes, UpdateMessage message) {
        messages.add(message);
        bytes[0] += message.getSerializedSize();
    }
}
