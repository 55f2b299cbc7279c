package org.fedqnn.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies a response body to a file while updating digests and printing progress, with a read
 * timeout: a watchdog thread closes the body when no bytes arrived for the stall limit, which
 * unblocks the reading thread. Not thread-safe: one per transfer.
 */
final class BodyCopier {

    private static final int CHUNK_BYTES = 1 << 16;

    private final URI url;
    private final Duration stall;
    private final List<MessageDigest> digests;
    private final ProgressPrinter progress;

    BodyCopier(URI url, Duration stall, List<MessageDigest> digests, ProgressPrinter progress) {
        this.url = url;
        this.stall = stall;
        this.digests = digests;
        this.progress = progress;
    }

    /**
     * Copies all of {@code body} to {@code out}; returns the number of bytes copied.
     *
     * @param announcedLength the Content-Length, or -1 when none was sent
     * @throws DownloadException on a stall ({@code TIMEOUT}) or a short body ({@code TRUNCATED})
     * @throws IOException when writing to {@code out} fails
     */
    long copy(InputStream body, OutputStream out, long announcedLength) throws IOException {
        AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicReference<IOException> closeFailure = new AtomicReference<>();
        long stallNanos = stall.toNanos();
        long period = Math.max(5, stall.toMillis() / 5);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fedqnn-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> {
            if (!stalled.get() && System.nanoTime() - lastProgressNanos.get() > stallNanos) {
                stalled.set(true);
                try {
                    body.close();
                } catch (IOException e) {
                    closeFailure.set(e);
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long received = 0;
        IOException readFailure = null;
        try {
            byte[] chunk = new byte[CHUNK_BYTES];
            while (true) {
                int n;
                try {
                    n = body.read(chunk);
                } catch (IOException e) {
                    if (stalled.get()) {
                        readFailure = e; // the watchdog's close broke the read: a timeout
                        break;
                    }
                    throw truncated(received, announcedLength, e);
                }
                if (n < 0 || stalled.get()) {
                    break;
                }
                lastProgressNanos.set(System.nanoTime());
                out.write(chunk, 0, n);
                for (MessageDigest d : digests) {
                    d.update(chunk, 0, n);
                }
                received += n;
                progress.update(received);
            }
        } finally {
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            DownloadException timeout = new DownloadException(url, DownloadException.Reason.TIMEOUT,
                    "the server was too slow: no data for " + stall.toMillis() + " ms after "
                            + received + " bytes", readFailure);
            if (closeFailure.get() != null) {
                timeout.addSuppressed(closeFailure.get());
            }
            throw timeout;
        }
        if (announcedLength >= 0 && received != announcedLength) {
            throw truncated(received, announcedLength, null);
        }
        return received;
    }

    private DownloadException truncated(long received, long announced, IOException cause) {
        String detail = announced >= 0
                ? "truncated body: received " + received + " bytes, Content-Length announced "
                        + announced
                : "the body ended early after " + received + " bytes";
        if (cause != null) {
            detail += " (" + cause.getMessage() + ")";
        }
        return new DownloadException(url, DownloadException.Reason.TRUNCATED, detail, cause);
    }
}
