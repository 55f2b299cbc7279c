package org.fedqnn.server.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The folder {@code fedqnn certs} makes for a run (docs/tls-and-identity.md): the run CA
 * ({@code ca.pem}, {@code ca-key.pem}), its revocation list ({@code crl.pem}), the base
 * station's certificate ({@code server.pem}, {@code server-key.pem}) and one certificate per
 * device ({@code devices/NAME.pem}, {@code devices/NAME-key.pem}); revoked certificates move to
 * {@code revoked/NAME-SERIAL.pem}. Keys are 0600, the folders 0700. Certificates start an hour
 * before they are made (clocks of other hosts may lag) and end {@code days} later, at the latest
 * with the CA. Not thread-safe: one {@code fedqnn certs} at a time per folder.
 */
public final class CertsFolder {

    public static final String CA = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String CRL = "crl.pem";
    public static final String SERVER = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    public static final String DEVICES = "devices";
    public static final String REVOKED = "revoked";
    /** The hosts a server certificate names when none are given. */
    public static final List<String> DEFAULT_HOSTS = List.of("127.0.0.1", "localhost");
    private static final Duration SKEW = Duration.ofHours(1);

    private final Path dir;

    public CertsFolder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** What {@link #make} wrote. */
    public record Made(boolean newAuthority, boolean newServer, List<String> devices) {
    }

    public Path dir() {
        return dir;
    }

    public Path ca() {
        return dir.resolve(CA);
    }

    public Path caKey() {
        return dir.resolve(CA_KEY);
    }

    public Path crl() {
        return dir.resolve(CRL);
    }

    public Path serverCertificate() {
        return dir.resolve(SERVER);
    }

    public Path serverKey() {
        return dir.resolve(SERVER_KEY);
    }

    public Path deviceCertificate(String name) {
        return dir.resolve(DEVICES).resolve(DeviceNames.check(name) + ".pem");
    }

    public Path deviceKey(String name) {
        return dir.resolve(DEVICES).resolve(DeviceNames.check(name) + "-key.pem");
    }

    /**
     * Makes what is missing: the CA and an empty revocation list when the folder has none, the
     * server's certificate when it has none or {@code serverHosts} is not empty (then for those
     * hosts, else for {@link #DEFAULT_HOSTS}), and a certificate for each of {@code devices}.
     *
     * @throws IllegalArgumentException for days &lt; 1, a bad or repeated name, a device that already has a
     *                                  certificate here, or half a CA
     */
    public Made make(List<String> devices, List<String> serverHosts, int days, SecureRandom random, Instant now)
            throws IOException {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be >= 1, got " + days);
        }
        var seen = new HashSet<String>();
        for (String name : devices) {
            DeviceNames.check(name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("--devices names '" + name + "' twice");
            }
            if (Files.exists(deviceCertificate(name))) {
                throw new IllegalArgumentException("device '" + name + "' already has a certificate, "
                        + deviceCertificate(name) + "; to replace it, revoke it first (fedqnn certs revoke --out "
                        + dir + " " + name + ")");
            }
        }
        Instant start = now.minus(SKEW);
        Instant end = now.plus(Duration.ofDays(days));
        boolean newAuthority = !Files.exists(ca()) && !Files.exists(caKey());
        createPrivateFolder(dir);
        createPrivateFolder(dir.resolve(DEVICES));
        CertificateAuthority authority;
        if (newAuthority) {
            authority = CertificateAuthority.create("fedqnn run CA " + now, start, end, random);
            PemFiles.writePrivateKey(caKey(), authority.privateKey());
            PemFiles.writeCertificate(ca(), authority.certificate());
            PemFiles.writeRevocationList(crl(), authority.revocationList(Map.of(), 1, now,
                    authority.certificate().getNotAfter().toInstant()));
        } else {
            authority = authority(random);
        }
        Instant caEnd = authority.certificate().getNotAfter().toInstant();
        Instant until = end.isAfter(caEnd) ? caEnd : end;
        boolean newServer = !serverHosts.isEmpty() || !Files.exists(serverCertificate());
        if (newServer) {
            KeyPair keys = CertificateAuthority.newKeyPair(random);
            X509Certificate server = authority.issueServer(keys.getPublic(),
                    serverHosts.isEmpty() ? DEFAULT_HOSTS : serverHosts, start, until);
            PemFiles.writePrivateKey(serverKey(), keys.getPrivate());
            PemFiles.writeCertificate(serverCertificate(), server);
        }
        for (String name : devices) {
            KeyPair keys = CertificateAuthority.newKeyPair(random);
            X509Certificate device = authority.issueDevice(keys.getPublic(), name, start, until);
            PemFiles.writePrivateKey(deviceKey(name), keys.getPrivate());
            PemFiles.writeCertificate(deviceCertificate(name), device);
        }
        return new Made(newAuthority, newServer, List.copyOf(devices));
    }

    /**
     * Revokes device {@code name}'s certificate: its serial joins {@code crl.pem} (rewritten
     * with the next CRL number), the certificate moves to {@code revoked/} and its key is deleted.
     *
     * @return the revoked serial number
     * @throws IllegalArgumentException when the device has no certificate here
     */
    public BigInteger revoke(String name, SecureRandom random, Instant now) throws IOException {
        Path cert = deviceCertificate(name);
        if (!Files.exists(cert)) {
            throw new IllegalArgumentException("device '" + name + "' has no certificate in " + dir.resolve(DEVICES)
                    + " (revoked already, or never made)");
        }
        X509Certificate certificate = PemFiles.readCertificate(cert);
        BigInteger serial = revoke(certificate, random, now);
        createPrivateFolder(dir.resolve(REVOKED));
        Files.move(cert, dir.resolve(REVOKED).resolve(name + "-" + serial.toString(16) + ".pem"));
        Files.deleteIfExists(deviceKey(name));
        return serial;
    }

    /**
     * Adds {@code certificate}, which this folder's CA must have issued, to {@code crl.pem}.
     *
     * @return its serial number
     */
    public BigInteger revoke(X509Certificate certificate, SecureRandom random, Instant now) throws IOException {
        CertificateAuthority authority = authority(random);
        try {
            certificate.verify(authority.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " was not issued by this folder's CA " + ca() + ": " + e.getMessage());
        }
        Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
        long number = 1;
        if (Files.exists(crl())) {
            X509CRL old = PemFiles.readRevocationList(crl());
            number = crlNumber(old) + 1;
            if (old.getRevokedCertificates() != null) {
                for (X509CRLEntry e : old.getRevokedCertificates()) {
                    revoked.put(e.getSerialNumber(), e.getRevocationDate().toInstant());
                }
            }
        }
        revoked.putIfAbsent(certificate.getSerialNumber(), now);
        PemFiles.writeRevocationList(crl(), authority.revocationList(revoked, number, now,
                authority.certificate().getNotAfter().toInstant()));
        return certificate.getSerialNumber();
    }

    /** The CA of this folder, from {@code ca.pem} and {@code ca-key.pem}. */
    public CertificateAuthority authority(SecureRandom random) throws IOException {
        if (!Files.exists(ca()) || !Files.exists(caKey())) {
            throw new IllegalArgumentException(dir + " holds no run CA (" + CA + " and " + CA_KEY
                    + "); make one with fedqnn certs --out " + dir);
        }
        return new CertificateAuthority(PemFiles.readCertificate(ca()), PemFiles.readPrivateKey(caKey()), random);
    }

    /** The names of the devices with a certificate here, sorted. */
    public List<String> devices() throws IOException {
        List<String> names = new ArrayList<>();
        Path devices = dir.resolve(DEVICES);
        if (Files.isDirectory(devices)) {
            try (var files = Files.list(devices)) {
                files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".pem") && !f.endsWith("-key.pem"))
                        .map(f -> f.substring(0, f.length() - 4)).sorted().forEach(names::add);
            }
        }
        return names;
    }

    private static long crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            return 0;
        }
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).longValueExact();
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
    }
}
