package org.fedqnn.datasets.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.fedqnn.datasets.DataFormatException;

/**
 * Unpacks a {@code .tar.gz} archive into a folder, safely: an entry whose name is absolute or
 * would land outside the folder (through {@code ..}) and any link entry are refused. The archive
 * is first unpacked into a temporary folder inside the target, and its contents are moved into
 * place only once the whole archive has been read; on failure the temporary folder is removed
 * and the target is left as it was. Stateless and thread-safe (two calls on the same target
 * must not overlap).
 */
public final class TarGzExtractor {

    private TarGzExtractor() {
    }

    /**
     * Unpacks {@code archive} into {@code targetDir}, keeping the archive's folder structure.
     *
     * @return the regular files unpacked, at their final paths
     * @throws DataFormatException when an entry is unsafe or the archive is corrupt
     */
    public static List<Path> extract(Path archive, Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        Path root = targetDir.toAbsolutePath().normalize();
        Path staging = Files.createTempDirectory(root, ".unpack-");
        List<Path> relative;
        try {
            relative = unpack(archive, staging);
            moveTree(staging, root);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        deleteTree(staging);
        List<Path> out = new ArrayList<>(relative.size());
        for (Path r : relative) {
            out.add(root.resolve(r));
        }
        return out;
    }

    private static List<Path> unpack(Path archive, Path staging) throws IOException {
        List<Path> files = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                if (entry.isDirectory() && Path.of(entry.getName()).normalize().toString().isEmpty()) {
                    continue; // "./": the target folder itself
                }
                Path relative = safeRelative(archive, entry.getName());
                Path destination = staging.resolve(relative);
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isFile()) {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                    files.add(relative);
                } else {
                    throw new DataFormatException(archive, "type of entry " + entry.getName(),
                            "a regular file or a folder",
                            entry.isSymbolicLink() || entry.isLink() ? "a link (refused)"
                                    : "a special file (refused)");
                }
            }
        }
        return files;
    }

    /** The entry's path relative to the target, or an error when it would escape it. */
    static Path safeRelative(Path archive, String name) throws DataFormatException {
        Path relative = Path.of(name).normalize();
        if (name.isEmpty() || relative.isAbsolute() || name.startsWith("/")
                || relative.toString().isEmpty() || relative.startsWith("..")) {
            throw new DataFormatException(archive, "entry name",
                    "a relative path inside the target folder", "\"" + name + "\" (refused)");
        }
        return relative;
    }

    /** Moves the contents of {@code from} into {@code to}, merging with folders already there. */
    private static void moveTree(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(from)) {
            for (Path child : children) {
                Path destination = to.resolve(child.getFileName().toString());
                if (Files.isDirectory(child) && Files.isDirectory(destination)) {
                    moveTree(child, destination);
                } else {
                    Files.move(child, destination, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                    throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
