package org.fedqnn.client;

import java.util.Objects;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.v2.DataPartition;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.qnn.train.ModelDescription;

/**
 * A device's registration as the server answered it, checked: the run and session to echo,
 * the device index k of N, the run seed, the partition, the model and the uplink payload
 * limit. Immutable and thread-safe.
 *
 * @param runId                the run, echoed in every request
 * @param sessionId            this registration, echoed in every request
 * @param deviceIndex          k in 0..N-1
 * @param deviceCount          N, >= 1
 * @param runSeed              the seed every random stream of the device derives from
 * @param partition            which samples are this device's
 * @param modelSpec            the model message, against which every task is checked
 * @param model                the model it describes
 * @param maxChunkPayloadBytes the largest chunk payload the device may send up
 */
public record Registration(String runId, String sessionId, int deviceIndex, int deviceCount, long runSeed,
                           DataPartition partition, ModelSpec modelSpec, ModelDescription model,
                           int maxChunkPayloadBytes) {

    /** The protocol version this device speaks. */
    public static final String PROTOCOL_VERSION = "fedqnn.v2";

    public Registration {
        Objects.requireNonNull(runId, "Registration.runId");
        Objects.requireNonNull(sessionId, "Registration.sessionId");
        Objects.requireNonNull(partition, "Registration.partition");
        Objects.requireNonNull(modelSpec, "Registration.modelSpec");
        Objects.requireNonNull(model, "Registration.model");
    }

    /**
     * The registration a response carries.
     *
     * @throws MalformedMessageException naming the first illegal field
     */
    public static Registration fromProto(RegisterResponse r) {
        if (!PROTOCOL_VERSION.equals(r.getProtocolVersion())) {
            throw new MalformedMessageException("RegisterResponse.protocol_version", "'" + PROTOCOL_VERSION + "'",
                    "'" + r.getProtocolVersion() + "'");
        }
        requireText("RegisterResponse.run_id", r.getRunId());
        requireText("RegisterResponse.session_id", r.getSessionId());
        int n = r.getDeviceCount();
        if (n < 1) {
            throw new MalformedMessageException("RegisterResponse.device_count", ">= 1", n);
        }
        int k = r.getDeviceIndex();
        if (k < 0 || k >= n) {
            throw new MalformedMessageException("RegisterResponse.device_index", "in 0.." + (n - 1), k);
        }
        if (!r.hasPartition()) {
            throw new MalformedMessageException("RegisterResponse.partition", "set", "absent");
        }
        DataPartition p = r.getPartition();
        if (p.getDeviceIndex() != k) {
            throw new MalformedMessageException("RegisterResponse.partition.device_index",
                    k + " (RegisterResponse.device_index)", p.getDeviceIndex());
        }
        if (p.getDeviceCount() != n) {
            throw new MalformedMessageException("RegisterResponse.partition.device_count",
                    n + " (RegisterResponse.device_count)", p.getDeviceCount());
        }
        int limit = r.getMaxChunkPayloadBytes();
        if (limit < TensorChunker.MIN_MAX_PAYLOAD_BYTES || limit > TensorChunker.MAX_MAX_PAYLOAD_BYTES) {
            throw new MalformedMessageException("RegisterResponse.max_chunk_payload_bytes", "in "
                    + TensorChunker.MIN_MAX_PAYLOAD_BYTES + ".." + TensorChunker.MAX_MAX_PAYLOAD_BYTES, limit);
        }
        if (!r.hasModel()) {
            throw new MalformedMessageException("RegisterResponse.model", "set", "absent");
        }
        if (r.getModel().getParametersCount() == 0) {
            throw new MalformedMessageException("RegisterResponse.model.parameters", "at least one tensor", "none");
        }
        ModelDescription model = ModelMessages.fromProto(r.getModel());
        return new Registration(r.getRunId(), r.getSessionId(), k, n, r.getRunSeed(), p, r.getModel(), model, limit);
    }

    private static void requireText(String field, String value) {
        if (value.isBlank()) {
            throw new MalformedMessageException(field, "not blank", "'" + value + "'");
        }
    }
}
