package org.fedqnn.datasets.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TarGzExtractorTest {

    @TempDir
    Path tmp;

    static byte[] tarGz(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void unpacksKeepingFolders() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/data_batch_1.bin", TestFiles.pattern(3073));
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane".getBytes(StandardCharsets.UTF_8));
        Path archive = TestFiles.write(tmp.resolve("a.tar.gz"), tarGz(entries));
        Path target = tmp.resolve("out");
        List<Path> files = TarGzExtractor.extract(archive, target);
        assertEquals(2, files.size());
        assertArrayEquals(TestFiles.pattern(3073),
                Files.readAllBytes(target.resolve("cifar-10-batches-bin/data_batch_1.bin")));
        try (var s = Files.list(target)) {
            assertEquals(List.of("cifar-10-batches-bin"),
                    s.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
    }

    @Test
    void refusesEntriesThatEscapeAndLeavesNothing() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ok/first.bin", new byte[] {1});
        entries.put("ok/../../evil.txt", new byte[] {2});
        Path archive = TestFiles.write(tmp.resolve("evil.tar.gz"), tarGz(entries));
        Path target = tmp.resolve("out");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> TarGzExtractor.extract(archive, target));
        assertEquals("entry name", e.field());
        assertTrue(e.getMessage().contains("evil.txt"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        try (var s = Files.list(target)) {
            assertEquals(0, s.count(), "neither staged nor moved files remain");
        }
    }

    @Test
    void archiveSourceIsFetchedCheckedAndUnpacked() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/test_batch.bin", TestFiles.cifarBatch(new byte[] {4}));
        byte[] archive = tarGz(entries);
        try (TestServer server = new TestServer()) {
            server.serve("kriz", archive);
            DownloadSource source = new DownloadSource(server.base("kriz"),
                    List.of(new RemoteFile("cifar-10-binary.tar.gz", DownloaderTest.hex("SHA-256", archive),
                            DownloaderTest.hex("MD5", archive), true)),
                    DownloadSource.Packaging.TAR_GZ);
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Downloader downloader = new Downloader(DownloadTimeouts.all(Duration.ofSeconds(5)),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            Path target = tmp.resolve("cifar10");
            List<Path> paths = downloader.download(source, target);
            assertEquals(List.of(target.resolve("cifar-10-binary.tar.gz"),
                    target.resolve("cifar-10-batches-bin/test_batch.bin").toAbsolutePath()), paths);
            assertArrayEquals(TestFiles.cifarBatch(new byte[] {4}),
                    Files.readAllBytes(target.resolve("cifar-10-batches-bin/test_batch.bin")));
        }
    }
}
