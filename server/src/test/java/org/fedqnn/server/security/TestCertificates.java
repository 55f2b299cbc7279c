package org.fedqnn.server.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@code fedqnn certs} folder for tests, and certificates it would never make: a second
 * certificate for a name, one from a foreign CA, one whose validity is over.
 */
public final class TestCertificates {

    /** A certificate file and its key file. */
    public record Credential(Path certificate, Path key) {
    }

    public final CertsFolder folder;
    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    /** A folder in {@code dir}/certs with the CA, the server's certificate and {@code devices}. */
    public TestCertificates(Path dir, String... devices) throws IOException {
        this.dir = dir;
        this.folder = new CertsFolder(dir.resolve("certs"));
        folder.make(List.of(devices), List.of(), 1, random, Instant.now());
    }

    /** Device {@code name}'s credential in the folder. */
    public Credential device(String name) {
        return new Credential(folder.deviceCertificate(name), folder.deviceKey(name));
    }

    /** The folder's server certificate, used as a client's. */
    public Credential server() {
        return new Credential(folder.serverCertificate(), folder.serverKey());
    }

    /** Another certificate for {@code name} from the run CA, written as {@code file}.pem. */
    public Credential another(String file, String name) throws IOException {
        Instant now = Instant.now();
        return issue(file, folder.authority(random), name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A certificate for {@code name} from the run CA whose validity ended yesterday. */
    public Credential expired(String file, String name) throws IOException {
        Instant now = Instant.now();
        return issue(file, folder.authority(random), name, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
    }

    /** A certificate for {@code name} from a CA of its own, as another run's certs would be. */
    public Credential foreign(String file, String name) throws IOException {
        Instant now = Instant.now();
        CertificateAuthority other = CertificateAuthority.create("fedqnn run CA " + now, now.minusSeconds(3600),
                now.plus(Duration.ofDays(1)), random);
        return issue(file, other, name, now.minusSeconds(3600), now.plus(Duration.ofDays(1)));
    }

    private Credential issue(String file, CertificateAuthority ca, String name, Instant from, Instant until)
            throws IOException {
        KeyPair keys = CertificateAuthority.newKeyPair(random);
        X509Certificate c = ca.issueDevice(keys.getPublic(), name, from, until);
        Credential out = new Credential(dir.resolve(file + ".pem"), dir.resolve(file + "-key.pem"));
        PemFiles.writeCertificate(out.certificate(), c);
        PemFiles.writePrivateKey(out.key(), keys.getPrivate());
        return out;
    }
}
