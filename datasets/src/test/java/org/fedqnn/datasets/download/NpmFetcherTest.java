package org.fedqnn.datasets.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedqnn.datasets.TestFiles;
import org.fedqnn.datasets.download.NpmFetchException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpmFetcher} against a stand-in {@code npm} first on the PATH: a shell script that
 * writes a small tarball the test made, or fails the way npm does. Nothing reaches a network.
 */
@Timeout(60)
class NpmFetcherTest {

    private static final byte[] A = TestFiles.pattern(3073);
    private static final byte[] B = "the second file".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private NpmPackage tinyPackage(String sumOfB) throws IOException {
        Path a = TestFiles.write(tmp.resolve("sums/a.bin"), A);
        return new NpmPackage("tiny-data", "1.0.0", "package/data", List.of(
                RemoteFile.sha256("a.bin", Checksums.sha256Hex(a), true),
                RemoteFile.sha256("b.bin", sumOfB, true)));
    }

    private String sumOfB() throws IOException {
        return Checksums.sha256Hex(TestFiles.write(tmp.resolve("sums/b.bin"), B));
    }

    /** A tarball as npm packs it: everything under {@code package/}. */
    private Path tarball(boolean withB) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\":\"tiny-data\"}".getBytes(StandardCharsets.UTF_8));
        entries.put("package/data/a.bin", A);
        if (withB) {
            entries.put("package/data/b.bin", B);
        }
        entries.put("package/data/readme.txt", "not a data file".getBytes(StandardCharsets.UTF_8));
        return TestFiles.write(tmp.resolve("made/tiny-data-1.0.0.tgz"), TarGzExtractorTest.tarGz(entries));
    }

    /** A folder holding an executable {@code npm} with the given shell body; returns the folder. */
    private Path fakeNpm(String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\necho \"$@\" >> " + tmp.resolve("calls.txt") + "\n" + body + "\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Path npmWriting(Path tarball) throws IOException {
        return fakeNpm("echo 'npm notice packing' >&2\ncp " + tarball + " ./tiny-data-1.0.0.tgz\n"
                + "echo tiny-data-1.0.0.tgz");
    }

    private NpmFetcher fetcher(Path npmFolder, Duration timeout) {
        String path = npmFolder + ":/usr/bin:/bin";
        return new NpmFetcher(name -> name.equals("PATH") ? path : null, timeout,
                new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private List<String> calls() throws IOException {
        Path calls = tmp.resolve("calls.txt");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static List<String> namesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNamesOtherWays(NpmFetchException e) {
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
        assertTrue(e.getMessage().contains("$FEDQNN_DATA"), e.getMessage());
        assertTrue(e.getMessage().contains("'fedqnn data download tiny'"), e.getMessage());
    }

    @Test
    void fetchesChecksAndMovesIntoPlaceThenLeavesVerifiedFilesAlone() throws Exception {
        NpmPackage pkg = tinyPackage(sumOfB());
        NpmFetcher fetcher = fetcher(npmWriting(tarball(true)), Duration.ofSeconds(30));
        Path target = tmp.resolve("cache/tiny");

        NpmFetcher.Result first = fetcher.fetch("tiny", pkg, target);
        assertTrue(first.fetched());
        assertEquals(List.of(target.resolve("a.bin"), target.resolve("b.bin")), first.files());
        assertArrayEquals(A, Files.readAllBytes(target.resolve("a.bin")));
        assertArrayEquals(B, Files.readAllBytes(target.resolve("b.bin")));
        assertEquals(List.of("a.bin", "b.bin"), namesIn(target), "only the data files, no leftovers");
        assertEquals(List.of("pack tiny-data@1.0.0 --ignore-scripts"), calls());

        NpmFetcher.Result again = fetcher.fetch("tiny", pkg, target);
        assertFalse(again.fetched());
        assertEquals(1, calls().size(), "npm ran again for files already in place");
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("already in " + target), progress.toString());

        Files.write(target.resolve("b.bin"), new byte[] {1, 2, 3});
        assertTrue(fetcher.fetch("tiny", pkg, target).fetched());
        assertArrayEquals(B, Files.readAllBytes(target.resolve("b.bin")));
        assertEquals(2, calls().size());
    }

    @Test
    void aChecksumMismatchMovesNothingIntoPlace() throws Exception {
        String wrong = "0".repeat(64);
        NpmPackage pkg = tinyPackage(wrong);
        Path target = tmp.resolve("cache/tiny");
        NpmFetchException e = assertThrows(NpmFetchException.class,
                () -> fetcher(npmWriting(tarball(true)), Duration.ofSeconds(30)).fetch("tiny", pkg, target));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("b.bin: expected " + wrong + ", actual " + sumOfB()), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was moved into place"), e.getMessage());
        assertNamesOtherWays(e);
        assertEquals(List.of(), namesIn(target), "a.bin was right, but nothing may move unless all are");
    }

    @Test
    void aFileMissingFromTheTarballMovesNothing() throws Exception {
        NpmPackage pkg = tinyPackage(sumOfB());
        Path target = tmp.resolve("cache/tiny");
        NpmFetchException e = assertThrows(NpmFetchException.class,
                () -> fetcher(npmWriting(tarball(false)), Duration.ofSeconds(30)).fetch("tiny", pkg, target));
        assertEquals(Reason.FILE_MISSING, e.reason());
        assertTrue(e.getMessage().contains("lacks package/data/b.bin"), e.getMessage());
        assertEquals(List.of(), namesIn(target));
    }

    @Test
    void npmMissingIsAClearErrorNamingTheOtherWays() throws Exception {
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        NpmFetcher fetcher = new NpmFetcher(name -> name.equals("PATH") ? emptyBin.toString() : null,
                Duration.ofSeconds(30), new PrintStream(progress, true, StandardCharsets.UTF_8));
        Path target = tmp.resolve("cache/tiny");
        NpmFetchException e = assertThrows(NpmFetchException.class,
                () -> fetcher.fetch("tiny", tinyPackage(sumOfB()), target));
        assertEquals(Reason.NPM_MISSING, e.reason());
        assertTrue(e.getMessage().contains("the npm client is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install npm"), e.getMessage());
        assertNamesOtherWays(e);
        assertFalse(Files.exists(target));
    }

    @Test
    void anUnreachableRegistryAndOtherNpmFailuresAreToldApart() throws Exception {
        Path target = tmp.resolve("cache/tiny");
        NpmPackage pkg = tinyPackage(sumOfB());
        Path offline = fakeNpm("echo 'npm error code ENOTFOUND' >&2\n"
                + "echo 'npm error     at somewhere (index.js:1:1)' >&2\n"
                + "echo 'npm error network request failed, reason: getaddrinfo ENOTFOUND' >&2\nexit 1");
        NpmFetchException e = assertThrows(NpmFetchException.class,
                () -> fetcher(offline, Duration.ofSeconds(30)).fetch("tiny", pkg, target));
        assertEquals(Reason.REGISTRY_UNREACHABLE, e.reason());
        assertTrue(e.getMessage().contains("npm pack tiny-data@1.0.0 failed with exit code 1 because npm"
                + " could not reach its registry; npm said: npm error code ENOTFOUND | npm error network"),
                e.getMessage());
        assertFalse(e.getMessage().contains("somewhere"), "stack lines are left out: " + e.getMessage());
        assertNamesOtherWays(e);

        Path notFound = fakeNpm("echo 'npm error code E404' >&2\nexit 1");
        e = assertThrows(NpmFetchException.class,
                () -> fetcher(notFound, Duration.ofSeconds(30)).fetch("tiny", pkg, target));
        assertEquals(Reason.NPM_FAILED, e.reason());
        assertTrue(e.getMessage().contains("E404"), e.getMessage());

        Path noTarball = fakeNpm("exit 0");
        e = assertThrows(NpmFetchException.class,
                () -> fetcher(noTarball, Duration.ofSeconds(30)).fetch("tiny", pkg, target));
        assertEquals(Reason.NPM_FAILED, e.reason());
        assertTrue(e.getMessage().contains("wrote 0 tarballs instead of 1"), e.getMessage());
        assertEquals(List.of(), namesIn(target));
    }

    @Test
    void npmRunningPastItsLimitIsStopped() throws Exception {
        Path slow = fakeNpm("exec sleep 30");
        Path target = tmp.resolve("cache/tiny");
        long start = System.nanoTime();
        NpmFetchException e = assertThrows(NpmFetchException.class,
                () -> fetcher(slow, Duration.ofMillis(300)).fetch("tiny", tinyPackage(sumOfB()), target));
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "the stop took too long");
        assertEquals(List.of(), namesIn(target));
    }
}
