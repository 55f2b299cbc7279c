package org.fedqnn.server.grpc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedqnn.proto.v2.BaseStationGrpc;
import org.fedqnn.proto.v2.DeviceCapabilities;
import org.fedqnn.proto.v2.RegisterRequest;
import org.fedqnn.proto.v2.RegisterResponse;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.records.Invocation;
import org.fedqnn.server.security.ServerSecurity;
import org.fedqnn.server.security.TestCertificates;
import org.fedqnn.server.security.TestCertificates.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base station over mutual TLS on a real loopback socket: a device's identity is its
 * certificate, and every refusal of docs/tls-and-identity.md happens.
 */
class MutualTlsTest {

    @TempDir
    Path temp;

    private TestCertificates certs;
    private BaseStation station;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        certs = new TestCertificates(temp, "a", "b");
        station = BaseStation.start(StationHarness.settings(Precision.fixed(8), 2, 2, 1, Duration.ofSeconds(20)),
                StationHarness.data(), ServerTransport.listening("127.0.0.1", 0,
                        ServerSecurity.mutualTls(certs.folder)), null, Invocation.NONE, null);
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        station.close();
    }

    private BaseStationGrpc.BaseStationBlockingStub as(Credential c) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", station.port(),
                TlsChannelCredentials.newBuilder().keyManager(c.certificate().toFile(), c.key().toFile())
                        .trustManager(certs.folder.ca().toFile()).build()).build();
        channels.add(channel);
        return BaseStationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static RegisterRequest register(String name) {
        return RegisterRequest.newBuilder().setDeviceName(name).addProtocolVersions("fedqnn.v2")
                .setCapabilities(DeviceCapabilities.newBuilder().setJvmVersion("17").setBackend("test")).build();
    }

    private static TaskRequest poll(RegisterResponse r) {
        return TaskRequest.newBuilder().setRunId(r.getRunId()).setSessionId(r.getSessionId())
                .setDeviceIndex(r.getDeviceIndex()).setLastRound(-1).build();
    }

    private static Status refused(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus();
    }

    private List<String> registered() {
        return station.coordinator().devices().stream().map(d -> d.name()).toList();
    }

    @Test
    void aDeviceRegistersOnlyUnderTheNameOfItsCertificate() throws Exception {
        var a = as(certs.device("a"));
        Status s = refused(() -> a.register(register("b")));
        assertEquals(Status.Code.PERMISSION_DENIED, s.getCode(), s.toString());
        assertTrue(s.getDescription().contains("device 'a'"), s.getDescription());
        assertEquals(List.of(), registered());
        assertEquals(0, a.register(register("a")).getDeviceIndex());
        assertEquals(List.of("a"), registered());
    }

    @Test
    void aRegisteredNameFromAnotherCertificateIsDeniedAndItsOwnComesBack() throws Exception {
        var a = as(certs.device("a"));
        RegisterResponse first = a.register(register("a"));
        var impostor = as(certs.another("a-again", "a"));
        Status s = refused(() -> impostor.register(register("a")));
        assertEquals(Status.Code.PERMISSION_DENIED, s.getCode(), s.toString());
        assertTrue(s.getDescription().contains("registered with the certificate"), s.getDescription());
        Status stolen = refused(() -> impostor.fetchTask(poll(first)).next());
        assertEquals(Status.Code.PERMISSION_DENIED, stolen.getCode(), "a's session from the other certificate");

        RegisterResponse again = as(certs.device("a")).register(register("a"));
        assertEquals(first.getDeviceIndex(), again.getDeviceIndex(), "a reconnects with its own certificate");
        assertEquals(List.of("a"), registered());
    }

    @Test
    void pollsAndUpdatesWithAnotherDevicesSessionAreDenied() throws Exception {
        var a = as(certs.device("a"));
        a.register(register("a"));
        RegisterResponse b = as(certs.device("b")).register(register("b"));
        Status poll = refused(() -> a.fetchTask(poll(b)).next());
        assertEquals(Status.Code.PERMISSION_DENIED, poll.getCode(), poll.toString());
        assertTrue(poll.getDescription().contains("('b')"), poll.getDescription());

        var done = new java.util.concurrent.CompletableFuture<Status>();
        var up = io.grpc.stub.ClientCalls.asyncClientStreamingCall(
                channels.get(0).newCall(BaseStationGrpc.getSubmitUpdateMethod(), io.grpc.CallOptions.DEFAULT
                        .withDeadlineAfter(10, TimeUnit.SECONDS)), StationHarness.statusInto(done));
        up.onNext(UpdateMessage.newBuilder().setHeader(UpdateHeader.newBuilder().setRunId(b.getRunId())
                .setSessionId(b.getSessionId()).setDeviceIndex(b.getDeviceIndex()).setRound(1)).build());
        up.onCompleted();
        Status update = done.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.PERMISSION_DENIED, update.getCode(), update.toString());
    }

    @Test
    void certificatesNotFromTheRunCaExpiredOrForServersFailTheHandshake() throws Exception {
        List<Credential> bad = List.of(certs.foreign("foreign-a", "a"), certs.expired("expired-a", "a"),
                certs.server());
        for (Credential c : bad) {
            var stub = as(c);
            Status s = refused(() -> stub.register(register("a")));
            assertEquals(Status.Code.UNAVAILABLE, s.getCode(), c.certificate() + ": " + s);
        }
        ManagedChannel plain = Grpc.newChannelBuilderForAddress("127.0.0.1", station.port(),
                InsecureChannelCredentials.create()).build();
        channels.add(plain);
        Status s = refused(() -> BaseStationGrpc.newBlockingStub(plain).withDeadlineAfter(10, TimeUnit.SECONDS)
                .register(register("a")));
        assertEquals(Status.Code.UNAVAILABLE, s.getCode(), "plaintext to a TLS listener: " + s);
        assertEquals(List.of(), registered(), "none of them registered");
    }

    @Test
    void aRevokedCertificateIsRefusedAtItsNextCallAndItsNextHandshake() throws Exception {
        Path cert = Files.copy(certs.device("a").certificate(), temp.resolve("kept-a.pem"));
        Path key = Files.copy(certs.device("a").key(), temp.resolve("kept-a-key.pem"));
        var a = as(new Credential(cert, key));
        RegisterResponse r = a.register(register("a"));
        certs.folder.revoke("a", new SecureRandom(), Instant.now());

        Status next = refused(() -> a.fetchTask(poll(r)).next());
        assertEquals(Status.Code.UNAUTHENTICATED, next.getCode(), "on the open connection: " + next);
        assertTrue(next.getDescription().contains("revoked"), next.getDescription());
        var again = as(new Credential(cert, key));
        Status handshake = refused(() -> again.register(register("a")));
        assertEquals(Status.Code.UNAVAILABLE, handshake.getCode(), "a new connection: " + handshake);
    }

    @Test
    void plaintextOffLoopbackIsRefusedUnlessInsecure() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerTransport.listening("0.0.0.0", 0));
        assertTrue(e.getMessage().contains("0.0.0.0") && e.getMessage().contains("--insecure")
                && e.getMessage().contains("--tls-dir"), e.getMessage());
        assertDoesNotThrow(() -> ServerTransport.listening("0.0.0.0", 0, ServerSecurity.insecure()),
                "--insecure allows it (nothing is bound here)");
        assertDoesNotThrow(() -> ServerTransport.listening("localhost", 0));
        assertDoesNotThrow(() -> ServerTransport.listening("::1", 0));
    }
}
