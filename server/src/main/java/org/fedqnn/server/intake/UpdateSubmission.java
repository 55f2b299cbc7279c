package org.fedqnn.server.intake;

import java.util.List;
import org.fedqnn.proto.codec.ChunkSink;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.Round;

/**
 * One device's update for one round while it streams in: its decoded chunks are staged here
 * (4 bytes per model value) and reach the round's aggregation only when the whole update passed
 * every check, so a bad or cut-off update changes nothing. Obtained from {@link Intake#begin};
 * ends with exactly one of {@link #complete} or {@link #fail}, which release its upload slot and
 * its staging buffer. Not thread-safe: one stream, fed from one thread at a time.
 */
public final class UpdateSubmission implements ChunkSink {

    private final Intake intake;
    private final Round round;
    private final int device;
    private final List<ExpectedTensor> expected;
    private float[][] staged;
    private boolean ended;

    UpdateSubmission(Intake intake, Round round, int device) {
        this.intake = intake;
        this.round = round;
        this.device = device;
        this.expected = round.plan().instruction(device).updateTensors();
        this.staged = new float[expected.size()][];
    }

    /** The tensors the update must carry, in order, each at the width its task asked for. */
    public List<ExpectedTensor> expected() {
        return expected;
    }

    /** The round this update answers. */
    public long round() {
        return round.number();
    }

    @Override
    public void accept(int tensorIndex, int elementOffset, float[] values) {
        float[] t = staged[tensorIndex];
        if (t == null) {
            t = new float[expected.get(tensorIndex).elementCount()];
            staged[tensorIndex] = t;
        }
        System.arraycopy(values, 0, t, elementOffset, values.length);
    }

    /**
     * Every tensor arrived and passed the wire checks, and the trailer was read: adds the delta
     * to the round's aggregation. {@code uploadSeconds} is the measured wall time from the
     * stream's start at the server to its last chunk (NaN when not timed).
     *
     * @throws Refusal when the round closed meanwhile (LATE), a value is out of range
     *     (MALFORMED), or the server failed to take it (INTERNAL)
     */
    public void complete(UpdateReport report, long bytesReceived, long payloadBytes, double uploadSeconds) {
        float[][] delta = end();
        intake.commit(round, device, delta, report, bytesReceived, payloadBytes, uploadSeconds, System.nanoTime());
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
        intake.abandon(round, device, reason, malformed);
    }

    private float[][] end() {
        if (ended) {
            throw new IllegalStateException("update of device " + device + " for round " + round.number()
                    + " already ended");
        }
        ended = true;
        float[][] delta = staged;
        staged = null;
        return delta;
    }
}
