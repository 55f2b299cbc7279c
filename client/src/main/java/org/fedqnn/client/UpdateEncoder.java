package org.fedqnn.client;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.StreamKey;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * Builds the SubmitUpdate stream of one round: the {@link UpdateHeader}; then, for each tensor
 * i the task's {@code update_tensors} list, the delta d_i quantized with eq. (4) at that
 * tensor's width (the uplink width m_l the task asked for; tensors kept in float32 go as they are), drawing
 * from {@code derive(seed, DELTA_QUANTIZATION, t, k, i)}; then the {@link UpdateTrailer} with
 * the measured figures and {@code bytes_sent}, the serialized size of every message before it.
 *
 * <p>Immutable and thread-safe.
 */
public final class UpdateEncoder {

    private final TensorChunker chunker;

    /** @param maxChunkPayloadBytes the server's {@code RegisterResponse.max_chunk_payload_bytes} */
    public UpdateEncoder(int maxChunkPayloadBytes) {
        this.chunker = new TensorChunker(maxChunkPayloadBytes, Rounding.STOCHASTIC);
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
        for (int i = 0; i < tensors.size(); i++) {
            long key = StreamKey.derive(seed, StreamKey.Purpose.DELTA_QUANTIZATION, header.getRound(),
                    header.getDeviceIndex(), i);
            chunker.write(tensors.get(i), result.delta(i), key,
                    chunk -> add(messages, bytes, UpdateMessage.newBuilder().setChunk(chunk).build()));
        }
        SampleCosts costs = result.costs();
        UpdateTrailer trailer = UpdateTrailer.newBuilder()
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
                .setBytesSent(bytes[0])
                .build();
        messages.add(UpdateMessage.newBuilder().setTrailer(trailer).build());
        return new EncodedUpdate(messages, bytes[0]);
    }

    private static void add(List<UpdateMessage> messages, long[] bytes, UpdateMessage message) {
        messages.add(message);
        bytes[0] += message.getSerializedSize();
    }
}
