package org.fedqnn.server.grpc;

import static org.fedqnn.server.grpc.BaseStationProtocolTest.assertRefused;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.junit.jupiter.api.Test;

/**
 * Trailers a hostile device may send, over gRPC against a real base station: each is refused
 * naming the figure, and the round's model is w_0 plus the other device's good delta alone
 * (see {@link BaseStationProtocolTest#assertRefused}).
 */
class TrailerChecksTest {

    /** {@code b}'s good update with its trailer changed by {@code change}. */
    private static List<UpdateMessage> withTrailer(BaseStationProtocolTest.Bad b,
            Function<UpdateTrailer.Builder, UpdateTrailer.Builder> change) {
        List<UpdateMessage> copy = new ArrayList<>(b.good());
        UpdateTrailer trailer = change.apply(StationHarness.trailer()).build();
        copy.set(copy.size() - 1, UpdateMessage.newBuilder().setTrailer(trailer).build());
        return copy;
    }

    @Test
    void trailerFiguresThatWouldOverflowTheLedger() throws Exception {
        assertRefused(b -> withTrailer(b, t -> t.setForwardMacsPerSample(1L << 62)
                        .setBackwardMacsPerSample(1L << 62)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.forward_macs_per_sample must be in 0..2^50");
        assertRefused(b -> withTrailer(b, t -> t.setMeanSquaredGradientNorm(1e300)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.mean_squared_gradient_norm must be finite in [0, 1.0E15]");
    }

    @Test
    void trailerCostsThatAreNotWhatTheTaskAsks() throws Exception {
        long macs = StationHarness.COSTS.forwardMacs();
        assertRefused(b -> withTrailer(b, t -> t.setForwardMacsPerSample(macs * 100)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.forward_macs_per_sample must be "
                        + macs + " (what the task asks of the model)");
        assertRefused(b -> withTrailer(b, t -> t.setSamplesUsed(1L << 40)),
                Status.Code.INVALID_ARGUMENT, "UpdateTrailer.samples_used must be 8");
    }
}
