package org.fedqnn.server.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base station's trust refuses every client certificate it should, with a reason. */
class RunTrustTest {

    @TempDir
    Path temp;

    private static String refusal(RunTrust trust, Path cert) throws Exception {
        X509Certificate c = PemFiles.readCertificate(cert);
        return assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(new X509Certificate[] {c}, "ECDHE_ECDSA")).getMessage();
    }

    @Test
    void foreignExpiredAndServerCertificatesAreRefused() throws Exception {
        TestCertificates certs = new TestCertificates(temp, "a");
        RunTrust trust = RunTrust.of(certs.folder.ca(), certs.folder.crl());
        X509Certificate a = PemFiles.readCertificate(certs.device("a").certificate());
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {a}, "ECDHE_ECDSA"));
        String foreign = refusal(trust, certs.foreign("foreign-a", "a").certificate());
        assertTrue(foreign.contains("not valid under the run CA"), foreign);
        String expired = refusal(trust, certs.expired("expired-a", "a").certificate());
        assertTrue(expired.contains("not valid under the run CA"), expired);
        String server = refusal(trust, certs.server().certificate());
        assertTrue(server.contains("clientAuth"), server);
    }

    @Test
    void aRevocationListThatIsNotTheRunCasRefusesEveryone() throws Exception {
        TestCertificates run = new TestCertificates(temp.resolve("run"), "a");
        TestCertificates other = new TestCertificates(temp.resolve("other"), "z");
        Path crl = temp.resolve("crl.pem");
        Files.copy(run.folder.crl(), crl);
        RunTrust trust = RunTrust.of(run.folder.ca(), crl);
        assertDoesNotThrow(() -> trust.checkClientTrusted(
                new X509Certificate[] {PemFiles.readCertificate(run.device("a").certificate())}, "ECDHE_ECDSA"));
        Files.copy(other.folder.crl(), crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String refused = refusal(trust, run.device("a").certificate());
        assertTrue(refused.contains("not by the run CA"), refused);
        Files.writeString(crl, "not a list");
        assertTrue(refusal(trust, run.device("a").certificate()).contains("cannot be used"));
    }
}
