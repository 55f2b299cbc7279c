package org.fedqnn.server.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code fedqnn certs} writes: the files, their permissions, the chain, the names, the revocation list. */
class CertsFolderTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path temp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Set<String> sans(X509Certificate c) throws Exception {
        return c.getSubjectAlternativeNames().stream().map(l -> l.get(0) + ":" + l.get(1)).collect(Collectors.toSet());
    }

    @Test
    void makesACaAServerAndOneCertificatePerDeviceWithPrivateKeys() throws Exception {
        CertsFolder f = new CertsFolder(temp.resolve("run-certs"));
        Instant now = Instant.now();
        CertsFolder.Made made = f.make(List.of("a", "dev-1.b"), List.of(), 30, RANDOM, now);
        assertTrue(made.newAuthority() && made.newServer());
        for (Path key : List.of(f.caKey(), f.serverKey(), f.deviceKey("a"), f.deviceKey("dev-1.b"))) {
            assertEquals("rw-------", mode(key), key + " must be readable by its owner only");
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), key + " is PKCS#8 PEM");
        }
        for (Path cert : List.of(f.ca(), f.serverCertificate(), f.deviceCertificate("a"), f.crl())) {
            assertEquals("rw-r--r--", mode(cert), cert.toString());
        }
        assertEquals("rwx------", mode(f.dir()));
        assertEquals("rwx------", mode(f.dir().resolve(CertsFolder.DEVICES)));
        try (var left = Files.list(f.dir())) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }

        X509Certificate ca = PemFiles.readCertificate(f.ca());
        ca.verify(ca.getPublicKey());
        assertEquals(0, ca.getBasicConstraints(), "a CA of path length 0");
        X509Certificate server = PemFiles.readCertificate(f.serverCertificate());
        server.verify(ca.getPublicKey());
        assertEquals(Set.of("7:127.0.0.1", "2:localhost"), sans(server), "IP and DNS SANs by default");
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        X509Certificate a = PemFiles.readCertificate(f.deviceCertificate("dev-1.b"));
        a.verify(ca.getPublicKey());
        assertEquals("CN=dev-1.b", a.getSubjectX500Principal().getName());
        assertEquals(Set.of("6:urn:fedqnn:device:dev-1.b"), sans(a));
        assertEquals(Optional.of("dev-1.b"), DeviceNames.of(a));
        assertEquals(Optional.empty(), DeviceNames.of(server), "the server's certificate names no device");
        long days = Duration.between(a.getNotBefore().toInstant(), a.getNotAfter().toInstant()).toDays();
        assertEquals(30, days, "an hour early, then --days");
        assertNotEquals(PemFiles.readCertificate(f.deviceCertificate("a")).getSerialNumber(), a.getSerialNumber());

        RunTrust trust = RunTrust.of(f.ca(), f.crl());
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {a}, "ECDHE_ECDSA"), "chain verifies");
        assertEquals(List.of("a", "dev-1.b"), f.devices());
        assertEquals(f.authority(RANDOM).certificate(), ca);
    }

    @Test
    void aSecondCallKeepsTheCaAddsDevicesAndRefusesOneThatHasACertificate() throws Exception {
        CertsFolder f = new CertsFolder(temp.resolve("c"));
        f.make(List.of("a"), List.of(), 5, RANDOM, Instant.now());
        String caBefore = Files.readString(f.ca());
        String serverBefore = Files.readString(f.serverCertificate());
        CertsFolder.Made again = f.make(List.of("b"), List.of(), 5, RANDOM, Instant.now());
        assertFalse(again.newAuthority() || again.newServer());
        assertEquals(caBefore, Files.readString(f.ca()));
        assertEquals(serverBefore, Files.readString(f.serverCertificate()));
        PemFiles.readCertificate(f.deviceCertificate("b")).verify(PemFiles.readCertificate(f.ca()).getPublicKey());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> f.make(List.of("a"), List.of(), 5, RANDOM, Instant.now()));
        assertTrue(twice.getMessage().contains("already has a certificate"), twice.getMessage());
        f.make(List.of(), List.of("10.0.0.7", "fedqnn.example.org"), 5, RANDOM, Instant.now());
        assertEquals(Set.of("7:10.0.0.7", "2:fedqnn.example.org"),
                sans(PemFiles.readCertificate(f.serverCertificate())), "--server-host replaces the server's names");
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        CertsFolder f = new CertsFolder(temp.resolve("bad"));
        for (List<String> names : List.of(List.of("a b"), List.of("../x"), List.of(""), List.of("a", "a"),
                List.of("x".repeat(65)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.make(names, List.of(), 1, RANDOM, Instant.now()), names.toString());
            assertTrue(e.getMessage().contains("device name") || e.getMessage().contains("twice"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.make(List.of("a"), List.of(), 0, RANDOM,
                Instant.now())).getMessage().contains("--days"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.make(List.of(), List.of("bad host!"), 1,
                RANDOM, Instant.now())).getMessage().contains("bad host!"));
        assertFalse(Files.exists(f.dir().resolve(CertsFolder.DEVICES).resolve("x.pem")));
    }

    @Test
    void revokingPutsTheSerialOnTheSignedListAndTheTrustRefusesIt() throws Exception {
        CertsFolder f = new CertsFolder(temp.resolve("r"));
        f.make(List.of("a", "b"), List.of(), 5, RANDOM, Instant.now());
        X509Certificate a = PemFiles.readCertificate(f.deviceCertificate("a"));
        X509Certificate b = PemFiles.readCertificate(f.deviceCertificate("b"));
        RunTrust trust = RunTrust.of(f.ca(), f.crl());
        trust.checkClientTrusted(new X509Certificate[] {a}, "ECDHE_ECDSA");

        BigInteger serial = f.revoke("a", RANDOM, Instant.now());
        assertEquals(a.getSerialNumber(), serial);
        X509CRL crl = PemFiles.readRevocationList(f.crl());
        crl.verify(PemFiles.readCertificate(f.ca()).getPublicKey());
        assertTrue(crl.isRevoked(a) && !crl.isRevoked(b));
        assertFalse(Files.exists(f.deviceCertificate("a")) || Files.exists(f.deviceKey("a")));
        assertTrue(Files.exists(f.dir().resolve(CertsFolder.REVOKED).resolve("a-" + serial.toString(16) + ".pem")));
        CertificateException refused = assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(new X509Certificate[] {a}, "ECDHE_ECDSA"), "the list is read again");
        assertTrue(refused.getMessage().contains("revoked"), refused.getMessage());
        trust.checkClientTrusted(new X509Certificate[] {b}, "ECDHE_ECDSA");

        f.revoke("b", RANDOM, Instant.now());
        X509CRL both = PemFiles.readRevocationList(f.crl());
        assertTrue(both.isRevoked(a) && both.isRevoked(b), "earlier entries stay");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.revoke("a", RANDOM, Instant.now()))
                .getMessage().contains("no certificate"));
        f.make(List.of("a"), List.of(), 5, RANDOM, Instant.now());
        trust.checkClientTrusted(new X509Certificate[] {PemFiles.readCertificate(f.deviceCertificate("a"))},
                "ECDHE_ECDSA");
    }
}
