package org.fedqnn.datasets.download;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file to fetch and the checksums it must have.
 *
 * <p>{@code verifiedHere} records whether the checksums were checked against real files on the
 * machine where this code was written; sums that were not (taken from published lists or from
 * memory) are still enforced, but a mismatch on them may mean the sum, not the file, is wrong,
 * and the error says so. Immutable and thread-safe.
 *
 * @param name the file name, both in the URL (relative to the source's base) and on disk;
 *     a plain name without any path separator
 * @param sha256 expected SHA-256, 64 lower-case hex digits
 * @param md5 expected MD5, 32 lower-case hex digits, or {@code null} when none is known
 * @param verifiedHere whether the sums were checked against the real file
 */
public record RemoteFile(String name, String sha256, String md5, boolean verifiedHere) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    public RemoteFile {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException(
                    "name: expected a plain file name without separators, actual \"" + name + "\"");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "sha256 of " + name + ": expected 64 lower-case hex digits, actual " + sha256);
        }
        if (md5 != null && !MD5.matcher(md5).matches()) {
            throw new IllegalArgumentException(
                    "md5 of " + name + ": expected 32 lower-case hex digits, actual " + md5);
        }
    }

    /** A file with a SHA-256 only. */
    public static RemoteFile sha256(String name, String sha256, boolean verifiedHere) {
        return new RemoteFile(name, sha256, null, verifiedHere);
    }

    /** The expected MD5, when one is known. */
    public Optional<String> md5Sum() {
        return Optional.ofNullable(md5);
    }
}
