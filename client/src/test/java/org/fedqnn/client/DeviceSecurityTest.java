package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device side of the rule: plaintext to loopback or with --insecure, TLS files for every hosted device. */
class DeviceSecurityTest {

    @TempDir
    Path temp;

    @Test
    void plaintextReachesLoopbackOnlyUnlessInsecure() {
        assertDoesNotThrow(() -> DeviceSecurity.plaintext().check("127.0.0.1:5000", Set.of("a")));
        assertDoesNotThrow(() -> DeviceSecurity.plaintext().check("localhost:5000", Set.of("a")));
        assertDoesNotThrow(() -> DeviceSecurity.plaintext().check("[::1]:5000", Set.of("a")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceSecurity.plaintext().check("10.1.2.3:5000", Set.of("a")));
        assertTrue(e.getMessage().contains("10.1.2.3:5000") && e.getMessage().contains("--insecure"), e.getMessage());
        assertDoesNotThrow(() -> DeviceSecurity.insecurePlaintext().check("10.1.2.3:5000", Set.of("a")));
        assertEquals("::1", DeviceSecurity.host("[::1]:5000"));
    }

    @Test
    void underTlsEveryHostedDeviceNeedsItsOwnReadableFiles() throws Exception {
        Path cert = Files.writeString(temp.resolve("a.pem"), "x");
        Path key = Files.writeString(temp.resolve("a-key.pem"), "x");
        Path ca = Files.writeString(temp.resolve("ca.pem"), "x");
        DeviceSecurity tls = DeviceSecurity.mutualTls(Map.of("a", new DeviceCredentials(cert, key, ca)));
        assertDoesNotThrow(() -> tls.check("10.1.2.3:5000", Set.of("a")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> tls.check("10.1.2.3:5000", Set.of("a", "b")));
        assertTrue(missing.getMessage().contains("'b'"), missing.getMessage());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> new DeviceCredentials(cert, temp.resolve("none.pem"), ca));
        assertTrue(noFile.getMessage().contains("none.pem"), noFile.getMessage());
        IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class,
                () -> DeviceChannels.open("127.0.0.1:5000", new DeviceCredentials(cert, key, ca)));
        assertTrue(notPem.getMessage().contains("a.pem"), notPem.getMessage());
    }
}
