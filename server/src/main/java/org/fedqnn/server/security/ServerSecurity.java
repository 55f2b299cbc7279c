package org.fedqnn.server.security;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.fedqnn.proto.net.Loopback;

/**
 * How the base station's listener is secured, parsed once at the edge (the CLI): mutual TLS
 * with the run's files, or plaintext. The rule ({@link #checkListen}): plaintext only on a
 * loopback address, or anywhere with an explicit {@code --insecure}, which the run's manifest
 * and summary record ({@link #describe}). Immutable.
 *
 * @param mode        plaintext, plaintext by --insecure, or mutual TLS
 * @param certificate the server's certificate (TLS only)
 * @param privateKey  its key (TLS only)
 * @param ca          the run CA's certificate that client certificates must chain to (TLS only)
 * @param crl         the run's revocation list, or null for none (TLS only)
 */
public record ServerSecurity(Mode mode, Path certificate, Path privateKey, Path ca, Path crl) {

    /** How the listener is secured. */
    public enum Mode {
        /** Plaintext on loopback. */
        PLAINTEXT,
        /** Plaintext anywhere, as {@code --insecure} asked. */
        INSECURE,
        /** Mutual TLS: the server's certificate, client certificates from the run CA. */
        MUTUAL_TLS
    }

    public ServerSecurity {
        Objects.requireNonNull(mode, "ServerSecurity.mode");
        if (mode == Mode.MUTUAL_TLS) {
            requireFile("--tls-cert", certificate);
            requireFile("--tls-key", privateKey);
            requireFile("--tls-ca", ca);
            if (crl != null) {
                requireFile("--crl", crl);
            }
        } else if (certificate != null || privateKey != null || ca != null || crl != null) {
            throw new IllegalArgumentException("a plaintext listener takes no certificate, key, CA or CRL");
        }
    }

    /** Plaintext, for loopback addresses. */
    public static ServerSecurity plaintext() {
        return new ServerSecurity(Mode.PLAINTEXT, null, null, null, null);
    }

    /** Plaintext on any address, as {@code --insecure} asks. */
    public static ServerSecurity insecure() {
        return new ServerSecurity(Mode.INSECURE, null, null, null, null);
    }

    /**
     * Mutual TLS with the files of a {@code fedqnn certs} folder.
     *
     * @throws IllegalArgumentException when the folder lacks the server's certificate, key or the CA
     */
    public static ServerSecurity mutualTls(CertsFolder folder) {
        for (Path p : new Path[] {folder.serverCertificate(), folder.serverKey(), folder.ca()}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(folder.dir() + " is not a certificates folder of a run: it has no "
                        + p.getFileName() + " (make one with fedqnn certs --out " + folder.dir() + " --devices ...)");
            }
        }
        return new ServerSecurity(Mode.MUTUAL_TLS, folder.serverCertificate(), folder.serverKey(), folder.ca(),
                Files.exists(folder.crl()) ? folder.crl() : null);
    }

    /** Mutual TLS with these files ({@code crl} null for none). */
    public static ServerSecurity mutualTls(Path certificate, Path privateKey, Path ca, Path crl) {
        return new ServerSecurity(Mode.MUTUAL_TLS, certificate, privateKey, ca, crl);
    }

    public boolean tls() {
        return mode == Mode.MUTUAL_TLS;
    }

    /**
     * Refuses a plaintext listener on an address that is not loopback unless {@code --insecure}
     * asked for it.
     *
     * @throws IllegalArgumentException saying what to do
     */
    public void checkListen(String host) {
        if (mode == Mode.PLAINTEXT && !Loopback.isLoopback(host)) {
            throw new IllegalArgumentException("refusing to listen on " + host + " in plaintext: it is not a loopback "
                    + "address, so devices would register and send updates unauthenticated and unencrypted. Give "
                    + "--tls-dir DIR (made by fedqnn certs) for mutual TLS, or --insecure to accept plaintext "
                    + "(recorded in the run folder)");
        }
    }

    /** The gRPC credentials of a TLS listener: client certificates required, checked by {@link #trust()}. */
    public ServerCredentials credentials(RunTrust trust) throws IOException {
        if (!tls()) {
            throw new IllegalStateException("a plaintext listener has no TLS credentials");
        }
        return TlsServerCredentials.newBuilder()
                .keyManager(certificate.toFile(), privateKey.toFile())
                .trustManager(trust)
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    /** The trust in client certificates of a TLS listener. */
    public RunTrust trust() throws IOException {
        return RunTrust.of(ca, crl);
    }

    /** For the manifest and summary: how a listener on {@code host} is secured. */
    public String describe(String host) throws IOException {
        return switch (mode) {
            case PLAINTEXT -> "plaintext on loopback " + host;
            case INSECURE -> "plaintext on " + host + " (--insecure)";
            case MUTUAL_TLS -> {
                X509Certificate caCertificate = PemFiles.readCertificate(ca);
                yield "mutual TLS on " + host + ", run CA " + caCertificate.getSubjectX500Principal().getName()
                        + " (SHA-256 " + PemFiles.sha256(caCertificate) + ")"
                        + (crl == null ? ", no revocation list" : ", revocation list " + crl);
            }
        };
    }

    private static void requireFile(String option, Path file) {
        if (file == null) {
            throw new IllegalArgumentException("mutual TLS needs " + option + ", got none");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
    }
}
