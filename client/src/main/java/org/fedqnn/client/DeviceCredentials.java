package org.fedqnn.client;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One device's mutual-TLS files (as {@code fedqnn certs} makes them): its certificate, whose
 * device name is the name it registers under, its private key (PKCS#8 PEM), and the run CA's
 * certificate, which the base station's certificate must chain to. Immutable.
 *
 * @param certificate   the device's certificate (PEM)
 * @param privateKey    its private key (PEM)
 * @param caCertificate the run CA's certificate (PEM)
 */
public record DeviceCredentials(Path certificate, Path privateKey, Path caCertificate) {

    public DeviceCredentials {
        requireFile("the device certificate (--tls-cert)", certificate);
        requireFile("the device key (--tls-key)", privateKey);
        requireFile("the run CA certificate (--tls-ca)", caCertificate);
    }

    private static void requireFile(String what, Path file) {
        if (file == null) {
            throw new IllegalArgumentException("mutual TLS needs " + what + ", got none");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable file");
        }
    }
}
