package org.fedqnn.server;

import java.util.List;
import org.fedqnn.proto.codec.ChunkSink;
import org.fedqnn.proto.codec.ExpectedTensor;

/**
 * One device's update for one round while it streams in: its decoded chunks are staged here
 * (4 bytes per model value) and reach the round's FedAvg sum only when the whole update passed
 * every check, so a bad or cut-off update changes nothing. Obtained from
 * {@link RoundCoordinator#beginUpdate}; ends with exactly one of {@link #complete} or
 * {@link #fail}. Not thread-safe: one stream, fed from one thread at a time.
 */
public final class UpdateSubmission implements ChunkSink {

    private final RoundCoordinator coordinator;
    private final Round round;
    private final int device;
    private final float[][] staged;
    private boolean ended;

    UpdateSubmission(RoundCoordinator coordinator, Round round, int device) {
        this.coordinator = coordinator;
        this.round = round;
        this.device = device;
        this.staged = new float[round.template.updateTensors().size()][];
    }

    /** The tensors the update must carry, in order. */
    public List<ExpectedTensor> expected() {
        return round.template.updateTensors();
    }

    /** The round this update answers. */
    public long round() {
        return round.number;
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, float[] values) {
        float[] t = staged[tensorIndex];
        if (t == null) {
            t = new float[expected().get(tensorIndex).elementCount()];
            staged[tensorIndex] = t;
        }
        System.arraycopy(values, 0, t, elementOffset, values.length);
    }

    /**
     * Every tensor arrived and passed the wire checks, and the trailer was read: adds the delta
     * to the round's sum.
     *
     * @throws Refusal when the round closed meanwhile (LATE) or a value is out of range (MALFORMED)
     */
    public void complete(UpdateReport report, long bytesReceived, long payloadBytes) {
        end();
        coordinator.commit(round, device, staged, report, bytesReceived, payloadBytes);
    }

    /**
     * The stream failed: refused as malformed (counts as the device's answer, which it may
     * retry while the round is open) or broken off (a dropped connection, a cancel).
     */
    public void fail(String reason, boolean malformed) {
        if (ended) {
            return;
        }
        end();
        coordinator.abandon(round, device, reason, malformed);
    }

    private void end() {
        if (ended) {
            throw new IllegalStateException("update of device " + device + " for round " + round.number
                    + " already ended");
        }
        ended = true;
    }
}
