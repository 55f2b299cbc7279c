package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.TaskMessage;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.Quoted;
import org.fedqnn.server.RunSettings;
import org.junit.jupiter.api.Test;

/**
 * What an unregistered caller can do to registration, over real loopback sockets: flood it from
 * one address (refused past the address's bucket while other addresses register), send names
 * outside the rule (refused with a short, escaped description), guess the run id (refused
 * without learning it). Each time the honest devices' round goes on.
 */
class RegistrationLimitsTest {

    private static final int BURST = 3;

    /** N = 2, K = 2, one round; {@code burst} registrations per address and (practically) no refill. */
    private static StationHarness station(int burst) throws Exception {
        RunSettings base = StationHarness.settings(Precision.fixed(8), 2, 2, 1, Duration.ofSeconds(30));
        return new StationHarness(base.withLimits(base.limits().withRegistrations(burst, 1e-3)),
                ServerTransport.listening("127.0.0.1", 0));
    }

    /** Registers d0 and d1 if not yet, and plays their round to its end. */
    private static void honestRound(StationHarness h, RegisterResponse... devices) throws Exception {
        for (RegisterResponse d : devices) {
            StationHarness.Fetched f = h.fetch(d);
            assertEquals(Status.Code.OK, h.submit(h.update(f, StationHarness.delta(f, d.getDeviceIndex()))).getCode());
        }
        assertEquals(1, h.awaitEnd().aggregations(), "the honest round aggregated");
    }

    private static Status register(BaseStationGrpc.BaseStationBlockingStub stub, String name) {
        try {
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).register(RegisterRequest.newBuilder().setDeviceName(name)
                    .addProtocolVersions("fedqnn.v2").build());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    @Test
    void aFloodFromOneAddressIsRefusedWhileTheHonestDevicesRunTheirRound() throws Exception {
        try (StationHarness h = station(BURST)) {
            RegisterResponse d0 = h.register("d0");
            RegisterResponse d1 = h.register("d1");
            // the flood comes from 127.0.0.2, still loopback, another address with its own bucket
            ManagedChannel flood = NettyChannelBuilder.forAddress("127.0.0.1", h.station.port()).usePlaintext()
                    .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                        @Override
                        public InetSocketAddress createSocketAddress(java.net.SocketAddress remote,
                                                                     io.grpc.Attributes attrs) {
                            return new InetSocketAddress("127.0.0.2", 0);
                        }
                    }).build();
            try {
                BaseStationGrpc.BaseStationBlockingStub stub = BaseStationGrpc.newBlockingStub(flood);
                int exhausted = 0;
                for (int i = 0; i < 20; i++) {
                    Status s = register(stub, "flood" + i);
                    if (i < BURST) {
                        assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode(), "the run is full: " + s);
                        assertTrue(s.getDescription().contains("the run is full"), s.toString());
                    } else if (s.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                        exhausted++;
                    }
                }
                assertEquals(20 - BURST, exhausted, "every registration past the address's burst is refused");
            } finally {
                flood.shutdownNow();
                flood.awaitTermination(5, TimeUnit.SECONDS);
            }
            // 127.0.0.1 has a token left: d1 may come back (same index), and the round goes on
            RegisterResponse again = h.register("d1");
            assertEquals(d1.getDeviceIndex(), again.getDeviceIndex());
            honestRound(h, d0, again);
        }
    }

    @Test
    void aTenKilobyteNameIsRefusedWithAShortDescription() throws Exception {
        try (StationHarness h = station(20)) {
            Status s = register(h.blocking, "x".repeat(10_240));
            assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), s.toString());
            assertTrue(s.getDescription().startsWith("RegisterRequest.device_name must be 1..64 characters of "
                    + "A-Z a-z 0-9 . _ -"), s.getDescription());
            assertTrue(s.getDescription().contains("got 10240 characters"), s.getDescription());
            assertTrue(s.getDescription().length() <= Quoted.MAX_DESCRIPTION, "bounded: " + s.getDescription());
            assertFalse(s.getDescription().contains("xxxx"), "the name is not echoed");
            honestRound(h, h.register("d0"), h.register("d1"));
        }
    }

    @Test
    void namesWithControlOrBidiCharactersAreRefusedAndNotEchoedRaw() throws Exception {
        try (StationHarness h = station(20)) {
            for (String name : new String[] {"dev\u0085ice", "dev\u202Eexe.txt", "d 0", "-d0", "a/../b"}) {
                Status s = register(h.blocking, name);
                assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), s.toString());
                String d = s.getDescription();
                assertTrue(d.contains("device_name must be 1..64 characters"), d);
                assertTrue(d.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "printable ASCII only: " + d);
            }
            Status c1 = register(h.blocking, "dev\u0085ice");
            assertTrue(c1.getDescription().contains("got U+0085 at position 4"), c1.getDescription());
            honestRound(h, h.register("d0"), h.register("d1"));
        }
    }

    @Test
    void aWrongRunIdIsRefusedWithoutTheRealOne() throws Exception {
        try (StationHarness h = station(20)) {
            RegisterResponse d0 = h.register("d0");
            RegisterResponse d1 = h.register("d1");
            String guess = "guess\u202E" + "g".repeat(500);
            Iterator<TaskMessage> it = h.blocking.withDeadlineAfter(10, TimeUnit.SECONDS).fetchTask(TaskRequest
                    .newBuilder().setRunId(guess).setSessionId(d0.getSessionId()).setDeviceIndex(0).setLastRound(-1)
                    .build());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, it::next);
            String d = e.getStatus().getDescription();
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), d);
            assertFalse(d.contains(d0.getRunId()), "the real run id must not be revealed: " + d);
            assertTrue(d.startsWith("run_id is not the id of this run, got 'guess\\u202Eggg"), d);
            assertTrue(d.contains("... (506 characters)"), "the guess is quoted in part: " + d);
            honestRound(h, d0, d1);
        }
    }
}
