package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.records.RunOutcome;
import org.fedqnn.server.strategy.DeviceSelector;
import org.junit.jupiter.api.Test;

/**
 * The stream limits over real loopback sockets against a real base station: a silent update
 * stream is cancelled and frees its upload slot; a connection opening more calls than its limit
 * has the extra ones refused. In both, the honest devices' round goes on.
 */
class StreamLimitsTest {

    private static final long SEED = 3;

    @Test
    void aSilentUpdateStreamIsCancelledAndItsUploadSlotIsFreeAgain() throws Exception {
        RunSettings base = TestSettings.withMaxUploads(StationHarness.settings(Precision.fixed(8), 3, 2, 1,
                Duration.ofSeconds(30)), 1);
        RunSettings s = base.withLimits(base.limits().withStreamIdleTimeout(Duration.ofMillis(300)));
        try (StationHarness h = new StationHarness(s, ServerTransport.listening("127.0.0.1", 0))) {
            RegisterResponse[] devices = {h.register("d0"), h.register("d1"), h.register("d2")};
            int[] selected = DeviceSelector.select(SEED, 0, 3, 2);
            StationHarness.Fetched a = h.fetch(devices[selected[0]]);
            StationHarness.Fetched b = h.fetch(devices[selected[1]]);
            List<UpdateMessage> fromA = h.update(a, StationHarness.delta(a, 1));

            // a's header takes the only upload slot; then a says nothing more
            CompletableFuture<Status> silent = new CompletableFuture<>();
            StreamObserver<UpdateMessage> up = BaseStationGrpc.newStub(h.channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .submitUpdate(StationHarness.statusInto(silent));
            up.onNext(fromA.get(0));
            Status idle = silent.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.DEADLINE_EXCEEDED, idle.getCode(), idle.toString());
            assertTrue(idle.getDescription().contains("no message for the idle limit of 300 ms"),
                    "the server's idle limit, not the client's deadline: " + idle);

            // the slot is free: b's update is taken, and a may still send its own in time
            assertEquals(Status.Code.OK, h.submit(h.update(b, StationHarness.delta(b, 2))).getCode());
            assertEquals(Status.Code.OK, h.submit(fromA).getCode());
            RunOutcome outcome = h.awaitEnd();
            assertEquals(1, outcome.model().round());
            assertEquals(1, outcome.aggregations());
        }
    }

    @Test
    void callsBeyondTheLimitOfOneConnectionAreRefused() throws Exception {
        RunSettings base = StationHarness.settings(Precision.fixed(8), 2, 2, 1, Duration.ofSeconds(30));
        RunSettings s = base.withLimits(base.limits().withMaxConcurrentCallsPerConnection(2));
        try (StationHarness h = new StationHarness(s, ServerTransport.listening("127.0.0.1", 0));
             Socket socket = new Socket("127.0.0.1", h.station.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, 4, 0, 0, new byte[0]);
            long advertised = -1;
            while (advertised < 0) { // the server's SETTINGS, which a client honouring them would obey
                Frame f = Frame.read(in);
                if (f.type == 4 && (f.flags & 1) == 0) {
                    advertised = f.setting(3);
                }
            }
            assertEquals(2, advertised, "SETTINGS_MAX_CONCURRENT_STREAMS");
            frame(out, 4, 1, 0, new byte[0]); // acknowledged: the server now enforces them
            for (int stream = 1; stream <= 5; stream += 2) { // a third call while two are open
                frame(out, 1, 4, stream, submitUpdateHeaders());
            }
            while (true) {
                Frame f = Frame.read(in);
                assertTrue(f.type != 7, "the server closed the connection (GOAWAY) instead of refusing one call");
                if (f.type == 3) {
                    assertEquals(5, f.stream, "only the call beyond the limit is reset");
                    assertEquals(7, f.int32(0), "RST_STREAM REFUSED_STREAM");
                    break;
                }
            }
            socket.close();

            // the honest devices' round goes on
            RegisterResponse[] devices = {h.register("d0"), h.register("d1")};
            for (RegisterResponse d : devices) {
                StationHarness.Fetched f = h.fetch(d);
                assertEquals(Status.Code.OK, h.submit(h.update(f, StationHarness.delta(f, d.getDeviceIndex())))
                        .getCode());
            }
            assertEquals(1, h.awaitEnd().aggregations());
        }
    }

    /** The request headers of a SubmitUpdate call, HPACK literals without indexing or Huffman coding. */
    private static byte[] submitUpdateHeaders() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        String[][] headers = {{":method", "POST"}, {":scheme", "http"},
            {":path", "/" + BaseStationGrpc.getSubmitUpdateMethod().getFullMethodName()},
            {":authority", "127.0.0.1"}, {"content-type", "application/grpc"}, {"te", "trailers"}};
        for (String[] h : headers) {
            b.write(0);
            for (String text : h) {
                byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
                b.write(bytes.length); // every length here is below 127: one byte, no Huffman bit
                b.writeBytes(bytes);
            }
        }
        return b.toByteArray();
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
            (byte) stream};
        out.write(head);
        out.write(payload);
        out.flush();
    }

    /** One HTTP/2 frame as read from the server. */
    private record Frame(int type, int flags, int stream, byte[] payload) {

        static Frame read(DataInputStream in) throws IOException {
            byte[] head = new byte[9];
            in.readFully(head);
            int length = ((head[0] & 0xFF) << 16) | ((head[1] & 0xFF) << 8) | (head[2] & 0xFF);
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(head[3] & 0xFF, head[4] & 0xFF, ((head[5] & 0x7F) << 24) | ((head[6] & 0xFF) << 16)
                    | ((head[7] & 0xFF) << 8) | (head[8] & 0xFF), payload);
        }

        int int32(int at) {
            return ((payload[at] & 0xFF) << 24) | ((payload[at + 1] & 0xFF) << 16) | ((payload[at + 2] & 0xFF) << 8)
                    | (payload[at + 3] & 0xFF);
        }

        /** The value of SETTINGS parameter {@code id}, or -1 when the frame does not set it. */
        long setting(int id) {
            for (int at = 0; at + 6 <= payload.length; at += 6) {
                if ((((payload[at] & 0xFF) << 8) | (payload[at + 1] & 0xFF)) == id) {
                    return int32(at + 2) & 0xFFFFFFFFL;
                }
            }
            return -1;
        }
    }
}
