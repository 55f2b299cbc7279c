package org.fedqnn.datasets.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.fedqnn.datasets.DataFormatException;

/**
 * A data file opened for checked, buffered reading: gzip is detected from its magic bytes
 * ({@code 1f 8b}), every read counts the (decompressed) bytes consumed so that a short or long
 * file is reported with both lengths, and the raw bytes on disk are hashed with SHA-256 on the
 * way through. Not thread-safe: one reader uses it and closes it.
 */
final class CheckedInput implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;
    /** Arrays beyond this are allocated as the data arrives, not up front from a header. */
    private static final int EAGER_ALLOCATION_LIMIT = 1 << 26;
    /** Deflate's largest expansion (about 1032:1): a gzip file yields at most this many bytes per byte. */
    private static final long GZIP_MAX_RATIO = 1032;
    /** The largest byte array the JVM reliably allocates. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final Path file;
    private final MessageDigest digest;
    private final BufferedInputStream raw;
    private final InputStream data;
    private final boolean gzip;
    /** The most data bytes the file can yield: its size, times deflate's largest ratio if gzip. */
    private final long mostBytes;
    private long position;

    private CheckedInput(Path file, MessageDigest digest, BufferedInputStream raw, InputStream data,
            boolean gzip) throws IOException {
        this.file = file;
        this.digest = digest;
        this.raw = raw;
        this.data = data;
        this.gzip = gzip;
        long size = Files.size(file);
        this.mostBytes = gzip ? (size > Long.MAX_VALUE / GZIP_MAX_RATIO ? Long.MAX_VALUE : size * GZIP_MAX_RATIO)
                : size;
    }

    /** Opens {@code file}, gunzipping it when it starts with the gzip magic bytes. */
    static CheckedInput open(Path file) throws IOException {
        MessageDigest digest = sha256();
        BufferedInputStream raw = new BufferedInputStream(
                new DigestInputStream(Files.newInputStream(file), digest), BUFFER_BYTES);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream data = gzip ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            return new CheckedInput(file, digest, raw, data, gzip);
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (e instanceof ZipException || e instanceof EOFException) {
                throw new DataFormatException(file, "gzip header", "a valid gzip header",
                        "unreadable (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    Path file() {
        return file;
    }

    /** Whether the file on disk is gzip-compressed. */
    boolean gzip() {
        return gzip;
    }

    /** Reads a big-endian 32-bit integer; {@code expectedLength} describes the whole file. */
    int readInt(String expectedLength) throws IOException {
        byte[] b = readFully(4, expectedLength);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /**
     * Reads exactly {@code length} bytes in bulk, or fails with the file's length so far.
     *
     * @param expectedLength the whole file's expected length, in words, for the error message
     */
    byte[] readFully(long length, String expectedLength) throws IOException {
        if (length > MAX_ARRAY_BYTES) {
            throw new DataFormatException(file, "data size", "at most " + MAX_ARRAY_BYTES + " bytes",
                    length + " bytes");
        }
        int n = (int) length;
        // Up front at most what the file can hold: a header declaring 2 GB on a 30-byte file costs nothing.
        byte[] out = new byte[(int) Math.min(Math.min(n, EAGER_ALLOCATION_LIMIT), mostBytes)];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, Math.max(1 << 16, 2L * out.length)));
            }
            int got = read(out, filled, out.length - filled);
            if (got < 0) {
                throw new DataFormatException(file, "length", expectedLength + describeCompression(),
                        (position) + " bytes (file is truncated)");
            }
            filled += got;
            position += got;
        }
        return out;
    }

    /** Fails when any byte follows the expected end, reporting the file's real length. */
    void requireEnd(String expectedLength) throws IOException {
        long extra = 0;
        byte[] sink = new byte[BUFFER_BYTES];
        int got;
        while ((got = read(sink, 0, sink.length)) >= 0) {
            extra += got;
        }
        if (extra > 0) {
            throw new DataFormatException(file, "length", expectedLength + describeCompression(),
                    (position + extra) + " bytes (" + extra + " trailing bytes)");
        }
    }

    /** Hashes whatever is left of the raw file and returns its SHA-256 as lower-case hex. */
    String sha256Hex() throws IOException {
        raw.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }

    private int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return data.read(buffer, offset, length);
        } catch (EOFException | ZipException e) {
            throw new DataFormatException(file, "gzip stream", "complete gzip data",
                    "corrupt or truncated after " + position + " decompressed bytes ("
                            + e.getMessage() + ")");
        }
    }

    private String describeCompression() {
        return gzip ? " after gunzip" : "";
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
