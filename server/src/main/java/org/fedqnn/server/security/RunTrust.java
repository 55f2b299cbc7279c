package org.fedqnn.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * The base station's trust in a client certificate: its chain must lead to the run's CA and be
 * valid now (PKIX), the certificate must be meant for clients (EKU clientAuth), and its serial
 * must not be on the run's revocation list. The list is read again whenever its file changes
 * (its inode, size or modification time), and must carry the CA's signature; a list that cannot be read or
 * verified refuses every client (fail closed). Thread-safe.
 */
public final class RunTrust implements X509TrustManager {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final Path crlFile;
    private volatile Loaded loaded;

    private record Loaded(Object fileKey, FileTime modified, long size, X509CRL crl) {
    }

    /**
     * @param ca      the run CA's certificate
     * @param crlFile the run's revocation list, or null to check none
     */
    public RunTrust(X509Certificate ca, Path crlFile) throws IOException {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.crlFile = crlFile;
        if (crlFile != null) {
            try {
                revocationList();
            } catch (CertificateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** The trust of the CA in {@code caFile} and the list in {@code crlFile} (null for none). */
    public static RunTrust of(Path caFile, Path crlFile) throws IOException {
        return new RunTrust(PemFiles.readCertificate(caFile), crlFile);
    }

    public X509Certificate ca() {
        return ca;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the client sent no certificate");
        }
        X509Certificate leaf = chain[0];
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        path.removeIf(ca::equals);
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("client certificate " + leaf.getSubjectX500Principal()
                    + " is not valid under the run CA " + ca.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
        List<String> purposes = leaf.getExtendedKeyUsage();
        if (purposes == null || !purposes.contains(CLIENT_AUTH)) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " is not a client certificate (no extended key usage clientAuth)");
        }
        checkNotRevoked(leaf);
    }

    /**
     * Checks {@code certificate} against the revocation list as it is in its file now.
     *
     * @throws CertificateException when it is revoked or the list is unusable
     */
    public void checkNotRevoked(X509Certificate certificate) throws CertificateException {
        X509CRL crl = revocationList();
        if (crl != null && crl.isRevoked(certificate)) {
            throw new CertificateException("certificate " + certificate.getSubjectX500Principal() + " (serial "
                    + certificate.getSerialNumber().toString(16) + ") is revoked by " + crlFile);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the base station's trust checks clients, not servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }

    private X509CRL revocationList() throws CertificateException {
        if (crlFile == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(crlFile, BasicFileAttributes.class);
            Loaded now = loaded;
            if (now != null && Objects.equals(now.fileKey(), a.fileKey()) && now.modified().equals(a.lastModifiedTime())
                    && now.size() == a.size()) {
                return now.crl();
            }
            X509CRL crl = PemFiles.readRevocationList(crlFile);
            if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new CertificateException("revocation list " + crlFile + " is issued by "
                        + crl.getIssuerX500Principal() + ", not by the run CA " + ca.getSubjectX500Principal());
            }
            crl.verify(ca.getPublicKey());
            loaded = new Loaded(a.fileKey(), a.lastModifiedTime(), a.size(), crl);
            return crl;
        } catch (IOException | GeneralSecurityException e) {
            if (e instanceof CertificateException c) {
                throw c;
            }
            throw new CertificateException("revocation list " + crlFile + " cannot be used: " + e.getMessage(), e);
        }
    }
}
