package org.fedqnn.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 and MD5 of files, as lower-case hex. Stateless and thread-safe.
 */
public final class Checksums {

    private Checksums() {
    }

    /** The SHA-256 of {@code file}'s bytes. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest d = sha256();
        digest(file, List.of(d));
        return HexFormat.of().formatHex(d.digest());
    }

    /** The MD5 of {@code file}'s bytes. */
    public static String md5Hex(Path file) throws IOException {
        MessageDigest d = md5();
        digest(file, List.of(d));
        return HexFormat.of().formatHex(d.digest());
    }

    static void digest(Path file, List<MessageDigest> digests) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (MessageDigest d : digests) {
                    d.update(buffer, 0, n);
                }
            }
        }
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + algorithm, e);
        }
    }
}
