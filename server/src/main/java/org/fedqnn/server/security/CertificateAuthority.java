package org.fedqnn.server.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A run's certificate authority (BouncyCastle's PKIX builders over the JDK's providers): an EC
 * P-256 key and a self-signed CA certificate (path length 0) that issues the base station's
 * certificate (EKU serverAuth, SANs for its hosts), one certificate per device (EKU clientAuth,
 * its name in the CN and as the URI SAN of {@link DeviceNames}) and the run's revocation list.
 * Serial numbers are 127-bit random. Keys come from the given {@link SecureRandom}, never from a
 * run seed. Immutable; thread-safe when the random is.
 */
public final class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final SecureRandom random;

    /** The CA of {@code certificate}, whose private key is {@code key}. */
    public CertificateAuthority(X509Certificate certificate, PrivateKey key, SecureRandom random) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.keys = new KeyPair(certificate.getPublicKey(), Objects.requireNonNull(key, "key"));
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new EC P-256 key pair. */
    public static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A new CA named {@code name}, valid from {@code notBefore} to {@code notAfter}. */
    public static CertificateAuthority create(String name, Instant notBefore, Instant notAfter, SecureRandom random) {
        KeyPair keys = newKeyPair(random);
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, random, notBefore, notAfter, subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(b, keys.getPrivate()), keys.getPrivate(), random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not make the CA certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /**
     * The base station's certificate for {@code key}: EKU serverAuth, a SAN per host (an IP
     * address for an address literal, else a DNS name).
     *
     * @throws IllegalArgumentException for no hosts or a host that is neither
     */
    public X509Certificate issueServer(PublicKey key, List<String> hosts, Instant notBefore, Instant notAfter) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host, got none");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            if (IPAddress.isValid(host)) {
                names.add(new GeneralName(GeneralName.iPAddress, host));
            } else if (DNS_NAME.matcher(host).matches() && host.length() <= 253) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            } else {
                throw new IllegalArgumentException("--server-host must be an IP address or a DNS name, got '" + host
                        + "'");
            }
        }
        return issue(new X500Name("CN=fedqnn base station"), key, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth,
                names);
    }

    /** Device {@code name}'s certificate for {@code key}: EKU clientAuth, CN and URI SAN = the name. */
    public X509Certificate issueDevice(PublicKey key, String name, Instant notBefore, Instant notAfter) {
        return issue(new X500Name("CN=" + DeviceNames.check(name)), key, notBefore, notAfter,
                KeyPurposeId.id_kp_clientAuth, List.of(new GeneralName(GeneralName.uniformResourceIdentifier,
                        DeviceNames.uri(name))));
    }

    /**
     * A revocation list signed by this CA listing {@code revoked} (serial number to the time of
     * revocation), number {@code number}, valid from {@code thisUpdate} to {@code nextUpdate}.
     */
    public X509CRL revocationList(Map<BigInteger, Instant> revoked, long number, Instant thisUpdate,
                                  Instant nextUpdate) {
        X509v2CRLBuilder b = new X509v2CRLBuilder(subject(), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        revoked.forEach((serial, when) -> b.addCRLEntry(serial, Date.from(when), CRLReason.unspecified));
        try {
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new JcaX509CRLConverter().getCRL(b.build(signer(keys.getPrivate())));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("could not sign the revocation list: " + e.getMessage(), e);
        }
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
                                  KeyPurposeId purpose, List<GeneralName> names) {
        X509v3CertificateBuilder b = builder(subject(), random, notBefore, notAfter, subject, key);
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(certificate));
            return sign(b, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, SecureRandom random, Instant notBefore,
                                                    Instant notAfter, X500Name subject, PublicKey key) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a certificate's validity must end after it starts, got " + notBefore
                    + " .. " + notAfter);
        }
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).setBit(126),
                Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(key);
    }
}
