package org.fedqnn.datasets.download;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * A download that did not produce a verified file. The message names the URL and what went
 * wrong; {@link #reason()} classifies it for callers. When this is thrown, neither the
 * temporary file nor the final file is left behind. Immutable and thread-safe.
 */
public final class DownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The server answered with a status other than 200, e.g. 404. */
        HTTP_STATUS,
        /** The bytes arrived but their checksum is not the known one. */
        CHECKSUM_MISMATCH,
        /** Fewer bytes arrived than announced, or the stream broke off. */
        TRUNCATED,
        /** The server was too slow: no response, or no data for too long. */
        TIMEOUT,
        /** No connection could be made: no network, refused, or unknown host. */
        NO_NETWORK,
        /** Any other transfer failure. */
        IO_ERROR
    }

    private final URI url;
    private final Reason reason;

    /** A failed download of {@code url}; {@code detail} says what happened. */
    public DownloadException(URI url, Reason reason, String detail, Throwable cause) {
        super("download of " + url + " failed: " + detail, cause);
        this.url = Objects.requireNonNull(url, "url");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The URL that failed. */
    public URI url() {
        return url;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }
}
