package org.fedqnn.datasets.download;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of a download. Immutable and thread-safe.
 *
 * @param connect to open the connection
 * @param response from sending the request to receiving the response headers
 * @param stall the longest wait for the next bytes of the body (a read timeout)
 */
public record DownloadTimeouts(Duration connect, Duration response, Duration stall) {

    /** 15 s to connect, 60 s for the response headers, 60 s without body bytes. */
    public static final DownloadTimeouts DEFAULT = new DownloadTimeouts(
            Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(60));

    public DownloadTimeouts {
        requirePositive("connect", connect);
        requirePositive("response", response);
        requirePositive("stall", stall);
    }

    /** The same limit for all three. */
    public static DownloadTimeouts all(Duration limit) {
        return new DownloadTimeouts(limit, limit, limit);
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " timeout: expected > 0, actual " + d);
        }
    }
}
