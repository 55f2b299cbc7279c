package org.fedqnn.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.fedqnn.datasets.download.DownloadException.Reason;

/**
 * Downloads data set files with {@link HttpClient}, checks them against their known checksums
 * and moves them into place atomically.
 *
 * <p>Each file is written to a temporary file in the target folder, its SHA-256 (and MD5 when
 * one is known) is compared with the expected one, and only then is it renamed to its final
 * name with {@link StandardCopyOption#ATOMIC_MOVE}. A wrong checksum, a truncated body, an HTTP
 * error status, a server too slow to answer or to send, and a failed connection each give a
 * {@link DownloadException} naming the URL, and leave no file behind. A file already present
 * with the right checksum is not fetched again. Progress goes to the injected stream, at most
 * every few percent.
 *
 * <p>Thread-safe: it holds only immutable configuration, and each call uses its own temporary
 * file and watchdog thread.
 */
public final class Downloader {

    private final HttpClient client;
    private final DownloadTimeouts timeouts;
    private final PrintStream progress;

    /** A downloader with its own client, built with the connect timeout of {@code timeouts}. */
    public Downloader(DownloadTimeouts timeouts, PrintStream progress) {
        this(HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(timeouts, "timeouts").connect())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build(), timeouts, progress);
    }

    /** A downloader over a given client (whose own connect timeout then applies). */
    public Downloader(HttpClient client, DownloadTimeouts timeouts, PrintStream progress) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Fetches every file of {@code source} into {@code targetDir} and, for an archive source,
     * unpacks each archive there too.
     *
     * @return the files now in place: the fetched files, then the unpacked ones
     */
    public List<Path> download(DownloadSource source, Path targetDir) throws IOException {
        List<Path> fetched = new ArrayList<>();
        List<Path> unpacked = new ArrayList<>();
        for (RemoteFile file : source.files()) {
            Path path = fetch(source.uriOf(file), file, targetDir);
            fetched.add(path);
            if (source.packaging() == DownloadSource.Packaging.TAR_GZ) {
                progress.println("unpacking " + path + " into " + targetDir);
                unpacked.addAll(TarGzExtractor.extract(path, targetDir));
            }
        }
        fetched.addAll(unpacked);
        return fetched;
    }

    /**
     * Fetches {@code url} to {@code targetFolder/expected.name()} and verifies its checksums.
     *
     * @return the final path
     * @throws DownloadException when the download or its verification fails; no file is left
     */
    public Path fetch(URI url, RemoteFile expected, Path targetFolder) throws IOException {
        Path targetDir = targetFolder.toAbsolutePath().normalize();
        Files.createDirectories(targetDir);
        Path target = targetDir.resolve(expected.name());
        if (Files.isRegularFile(target)) {
            if (matches(target, expected)) {
                progress.println(expected.name() + ": already present with the expected checksum");
                return target;
            }
            progress.println(expected.name() + ": present but its checksum differs; fetching again");
        }
        Path temp = Files.createTempFile(targetDir, "." + expected.name() + ".", ".part");
        try {
            transfer(url, expected, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            progress.println(expected.name() + ": verified and saved to " + target);
            return target;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void transfer(URI url, RemoteFile expected, Path temp) throws IOException {
        progress.println("downloading " + url);
        HttpResponse<InputStream> response = send(url, temp.getParent());
        MessageDigest sha256 = Checksums.sha256();
        MessageDigest md5 = Checksums.md5();
        try (InputStream body = response.body(); OutputStream out = Files.newOutputStream(temp)) {
            if (response.statusCode() != 200) {
                throw new DownloadException(url, Reason.HTTP_STATUS,
                        "the server answered HTTP " + response.statusCode()
                                + (response.statusCode() == 404 ? " (not found)" : "")
                                + " instead of 200", null);
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            ProgressPrinter printer = new ProgressPrinter(progress, expected.name(), announced);
            new BodyCopier(url, timeouts.stall(), List.of(sha256, md5), printer)
                    .copy(body, out, announced);
        }
        requireSum(url, expected, "SHA-256", expected.sha256(), sha256);
        if (expected.md5() != null) {
            requireSum(url, expected, "MD5", expected.md5(), md5);
        }
    }

    private HttpResponse<InputStream> send(URI url, Path targetDir) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeouts.response()).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw noNetwork(url, targetDir, "the connection timed out after "
                    + timeouts.connect().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException(url, Reason.TIMEOUT, "the server was too slow: no response"
                    + " within " + timeouts.response().toMillis() + " ms", e);
        } catch (ConnectException | UnknownHostException e) {
            String why = e.getCause() instanceof UnresolvedAddressException
                    || e instanceof UnknownHostException
                    ? "the host name could not be resolved"
                    : "could not connect (" + rootMessage(e) + ")";
            throw noNetwork(url, targetDir, why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("download of " + url + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException e) {
            throw new DownloadException(url, Reason.IO_ERROR, "the request failed: " + e, e);
        }
    }

    /** The innermost non-null message of {@code e}'s causes, or a description of its kind. */
    private static String rootMessage(Throwable e) {
        String message = "connection refused or host unreachable";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static DownloadException noNetwork(URI url, Path targetDir, String why, IOException e) {
        return new DownloadException(url, Reason.NO_NETWORK, why + ". If this machine has no"
                + " internet access, download " + url + " by hand on one that has, and put it in "
                + targetDir + " (or in a <name>/ folder under the directory that the FEDQNN_DATA"
                + " environment variable names)", e);
    }

    private static void requireSum(URI url, RemoteFile expected, String algorithm, String sum,
            MessageDigest digest) throws DownloadException {
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sum)) {
            throw new DownloadException(url, Reason.CHECKSUM_MISMATCH, algorithm
                    + " mismatch: expected " + sum + ", actual " + actual
                    + (expected.verifiedHere() ? "" : " (note: the expected sum was not verified"
                            + " against a real copy of this file when it was recorded)"), null);
        }
    }

    private static boolean matches(Path file, RemoteFile expected) throws IOException {
        MessageDigest sha256 = Checksums.sha256();
        MessageDigest md5 = Checksums.md5();
        Checksums.digest(file, List.of(sha256, md5));
        HexFormat hex = HexFormat.of();
        return hex.formatHex(sha256.digest()).equals(expected.sha256())
                && (expected.md5() == null || hex.formatHex(md5.digest()).equals(expected.md5()));
    }
}
