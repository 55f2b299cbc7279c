package org.fedqnn.datasets.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.fedqnn.datasets.TestFiles;
import org.fedqnn.datasets.download.DownloadException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DownloaderTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path target;

    private TestServer server;
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private Downloader downloader;
    private Downloader impatient;
    private final byte[] data = TestFiles.pattern(1 << 20);

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);
        downloader = new Downloader(DownloadTimeouts.all(Duration.ofSeconds(10)), progress);
        impatient = new Downloader(new DownloadTimeouts(Duration.ofSeconds(10), SHORT, SHORT),
                progress);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private RemoteFile good() throws Exception {
        return new RemoteFile("file.bin", hex("SHA-256", data), hex("MD5", data), true);
    }

    private String progress() {
        return progressBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> filesInTarget() throws Exception {
        try (Stream<Path> s = Files.list(target)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private DownloadException failing(String folder, RemoteFile file) {
        return failing(downloader, folder, file);
    }

    private DownloadException failing(Downloader d, String folder, RemoteFile file) {
        URI url = server.base(folder).resolve(file.name());
        DownloadException e = assertThrows(DownloadException.class,
                () -> d.fetch(url, file, target));
        assertEquals(url, e.url());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        return e;
    }

    @Test
    void fetchesVerifiesAndMovesIntoPlace() throws Exception {
        server.serve("ok", data);
        Path path = downloader.fetch(server.base("ok").resolve("file.bin"), good(), target);
        assertEquals(target.resolve("file.bin"), path);
        assertArrayEquals(data, Files.readAllBytes(path));
        assertEquals(List.of("file.bin"), filesInTarget());
        long percentLines = progress().lines().filter(l -> l.contains("%")).count();
        assertTrue(percentLines >= 5 && percentLines <= 21, progress());
        assertTrue(progress().contains("file.bin: 100%"), progress());

        downloader.fetch(server.base("ok").resolve("file.bin"), good(), target);
        assertEquals(1, server.requests.get(), "a verified file is not fetched again");
    }

    @Test
    void replacesAPresentFileWithAWrongChecksum() throws Exception {
        server.serve("ok", data);
        Files.write(target.resolve("file.bin"), new byte[] {1, 2, 3});
        downloader.fetch(server.base("ok").resolve("file.bin"), good(), target);
        assertArrayEquals(data, Files.readAllBytes(target.resolve("file.bin")));
        assertEquals(1, server.requests.get());
    }

    @Test
    void wrongSha256LeavesNoFile() throws Exception {
        server.serve("bad", data);
        RemoteFile wrong = RemoteFile.sha256("file.bin", "ab".repeat(32), false);
        DownloadException e = failing("bad", wrong);
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("SHA-256 mismatch: expected " + "ab".repeat(32)
                + ", actual " + hex("SHA-256", data)), e.getMessage());
        assertTrue(e.getMessage().contains("not verified"), e.getMessage());
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void wrongMd5LeavesNoFile() throws Exception {
        server.serve("bad", data);
        RemoteFile wrong = new RemoteFile("file.bin", hex("SHA-256", data), "cd".repeat(16), true);
        DownloadException e = failing("bad", wrong);
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("MD5 mismatch"), e.getMessage());
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void truncatedBodyLeavesNoFile() throws Exception {
        server.serveTruncated("short", data, 1000);
        DownloadException e = failing("short", good());
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("Content-Length announced " + data.length),
                e.getMessage());
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void httpNotFoundLeavesNoFile() throws Exception {
        server.serveStatus("gone", 404);
        DownloadException e = failing("gone", good());
        assertEquals(Reason.HTTP_STATUS, e.reason());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void slowServerTimesOutQuickly() throws Exception {
        server.serveSlowHeaders("slow");
        long start = System.nanoTime();
        DownloadException e = failing(impatient, "slow", good());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("too slow"), e.getMessage());
        assertTrue(millis < 5_000, "took " + millis + " ms");
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void stalledBodyTimesOutQuickly() throws Exception {
        server.serveStall("stall", data, 100_000);
        long start = System.nanoTime();
        DownloadException e = failing(impatient, "stall", good());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("no data for 300 ms"), e.getMessage());
        assertTrue(millis < 5_000, "took " + millis + " ms");
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void refusedConnectionSaysToDownloadByHand() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/file.bin");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.fetch(url, good(), target));
        assertEquals(Reason.NO_NETWORK, e.reason());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("by hand"), e.getMessage());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("FEDQNN_DATA"), e.getMessage());
        assertEquals(List.of(), filesInTarget());
    }

    @Test
    void downloadsEveryFileOfASourceFromAnInjectedBase() throws Exception {
        server.serve("mirror", data);
        DownloadSource source = new DownloadSource(URI.create("https://example.invalid/x/"),
                List.of(good()), DownloadSource.Packaging.FILES)
                .withBaseUri(server.base("mirror"));
        List<Path> paths = downloader.download(source, target.resolve("nested"));
        assertEquals(List.of(target.resolve("nested/file.bin")), paths);
    }
}
