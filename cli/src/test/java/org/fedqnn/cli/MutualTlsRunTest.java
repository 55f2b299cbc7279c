package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.train.ModelFile;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.server.records.CsvTable;
import org.fedqnn.server.records.DeviceRow;
import org.fedqnn.server.records.Manifest;
import org.fedqnn.server.records.RoundRow;
import org.fedqnn.server.security.CertsFolder;
import org.fedqnn.server.security.PemFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedqnn certs} and its revocation, the plaintext rule on the command line, and a whole
 * run over mutual TLS on loopback (a base station and a device JVM) that ends with the same model
 * and rounds as the same run in plaintext.
 */
class MutualTlsRunTest {

    @TempDir
    Path temp;

    @Test
    void certsWritesTheFolderAndRevokeUpdatesTheList() throws Exception {
        Path dir = temp.resolve("certs");
        MainTest.Result r = MainTest.run("certs", "--out", dir.toString(), "--devices", "a,b", "--server-host",
                "127.0.0.1", "--server-host", "base.example", "--days", "10");
        assertEquals(0, r.code(), r.out() + r.err());
        CertsFolder f = new CertsFolder(dir);
        for (Path key : List.of(f.caKey(), f.serverKey(), f.deviceKey("a"), f.deviceKey("b"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
        }
        X509Certificate ca = PemFiles.readCertificate(f.ca());
        X509Certificate b = PemFiles.readCertificate(f.deviceCertificate("b"));
        b.verify(ca.getPublicKey());
        assertEquals("CN=b", b.getSubjectX500Principal().getName());
        assertTrue(PemFiles.readCertificate(f.serverCertificate()).getSubjectAlternativeNames().toString()
                .contains("base.example"));
        assertTrue(r.out().contains("made [a, b]"), r.out());

        MainTest.Result revoked = MainTest.run("certs", "revoke", "--out", dir.toString(), "a");
        assertEquals(0, revoked.code(), revoked.out() + revoked.err());
        X509CRL crl = PemFiles.readRevocationList(f.crl());
        crl.verify(ca.getPublicKey());
        assertEquals(1, crl.getRevokedCertificates().size());
        assertFalse(crl.isRevoked(b));
        assertEquals(List.of("b"), f.devices());

        MainTest.Result noOut = MainTest.run("certs", "--devices", "c");
        assertEquals(1, noOut.code());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        MainTest.Result badName = MainTest.run("certs", "--out", dir.toString(), "--devices", "c/d");
        assertEquals(1, badName.code());
        assertTrue(badName.err().contains("U+002F '/' at position 2"), badName.err());
        MainTest.Result unknown = MainTest.run("certs", "revoke", "--out", dir.toString(), "zz");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("'zz' has no certificate"), unknown.err());
    }

    @Test
    void plaintextOffLoopbackIsRefusedAtStartOnBothSides() {
        MainTest.Result server = MainTest.run("server", "--host", "0.0.0.0", "--port", "0", "--devices", "2");
        assertEquals(1, server.code());
        assertTrue(server.err().contains("refusing to listen on 0.0.0.0 in plaintext")
                && server.err().contains("--insecure"), server.err());
        MainTest.Result device = MainTest.run("device", "--server", "10.255.255.1:50051", "--name", "a");
        assertEquals(1, device.code());
        assertTrue(device.err().contains("refusing to reach 10.255.255.1:50051 in plaintext"), device.err());
        MainTest.Result noCert = MainTest.run("device", "--server", "10.255.255.1:50051", "--name", "a", "--tls-dir",
                temp.toString());
        assertEquals(1, noCert.code());
        assertTrue(noCert.err().contains("has no certificate for device 'a'"), noCert.err());
        MainTest.Result both = MainTest.run("server", "--insecure", "--tls-dir", temp.toString());
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--insecure asks for plaintext"), both.err());
    }

    @Test
    void aRunOverMutualTlsEndsWithTheSameModelAsInPlaintext() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        Path certs = temp.resolve("certs");
        String[] run = {"run", "--model", "mlp", "--bits", "8", "--devices", "3", "--per-round", "2",
            "--local-steps", "4", "--rounds", "2", "--test-limit", "500", "--seed", "11", "--device-jvms", "1",
            "--device-heap", "1g"};
        MainTest.Result none = MainTest.run(with(run, "--out", temp.resolve("none").toString(), "--tls-dir",
                certs.toString()));
        assertEquals(1, none.code());
        assertTrue(none.err().contains("has no server.pem (make one with fedqnn certs --out"), none.err());
        assertEquals(0, MainTest.run("certs", "--out", certs.toString(), "--devices", "jvm0-device1").code());
        MainTest.Result missing = MainTest.run(with(run, "--out", temp.resolve("none").toString(), "--tls-dir",
                certs.toString()));
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no certificate for device(s) [jvm0-device0, jvm0-device2]")
                && missing.err().contains("--devices jvm0-device0,jvm0-device2"), missing.err());
        assertEquals(0, MainTest.run("certs", "--out", certs.toString(), "--devices", "jvm0-device0,jvm0-device2")
                .code());

        Path tls = temp.resolve("tls");
        MainTest.Result secured = MainTest.run(with(run, "--out", tls.toString(), "--tls-dir", certs.toString()));
        assertEquals(0, secured.code(), secured.out() + secured.err() + log(tls));
        Path plain = temp.resolve("plain");
        MainTest.Result plaintext = MainTest.run(with(run, "--out", plain.toString()));
        assertEquals(0, plaintext.code(), plaintext.out() + plaintext.err());

        assertTrue(Manifest.read(tls).transport().startsWith("mutual TLS on 127.0.0.1, run CA"),
                Manifest.read(tls).transport());
        assertEquals("plaintext on loopback 127.0.0.1", Manifest.read(plain).transport());
        assertTrue(Files.readString(tls.resolve("summary.md")).contains("| transport | mutual TLS on 127.0.0.1"));
        List<RoundRow> rounds = RoundRow.read(tls.resolve("rounds.csv"));
        assertEquals(2, rounds.size());
        rounds.forEach(row -> assertEquals(2, row.received(), "every selected device delivered over TLS: " + row));
        QnnNetwork a = ModelFile.load(tls.resolve("model.fqnn")).network();
        QnnNetwork b = ModelFile.load(plain.resolve("model.fqnn")).network();
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameterValues(i), b.parameterValues(i), "tensor " + a.parameters().get(i).name());
        }
        assertEquals(FederatedRunTest.untimed(RoundRow.read(plain.resolve("rounds.csv"))),
                FederatedRunTest.untimed(rounds), "rounds.csv less wall times");
        assertEquals(FederatedRunTest.untimed(CsvTable.read(plain.resolve("device-rounds.csv"), DeviceRow.class)),
                FederatedRunTest.untimed(CsvTable.read(tls.resolve("device-rounds.csv"), DeviceRow.class)));
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static String log(Path folder) throws java.io.IOException {
        Path log = folder.resolve("device-jvm-0.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
