package org.fedqnn.server.checkpoint;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The checkpoint files of a run folder: {@code checkpoint.fqck}, the latest, and
 * {@code checkpoint.prev.fqck}, the one before it. A file is a 20-byte header (the magic
 * {@code FQCK}, the format version, the body's length, the body's CRC32C) and the body
 * ({@link CheckpointCodec}). A write goes to a temporary file that is forced to disk, the latest
 * becomes the previous, the temporary file takes the latest's name and the folder is forced to
 * disk: a crash at any moment leaves the latest or the previous checkpoint whole. Reading refuses
 * a file that is truncated, of another format or fails its checksum, naming the file and the
 * fault, and falls back to the previous one. Stateless.
 */
public final class CheckpointFile {

    public static final String LATEST = "checkpoint.fqck";
    public static final String PREVIOUS = "checkpoint.prev.fqck";
    static final String TEMPORARY = "checkpoint.fqck.tmp";

    /** "FQCK". */
    static final int MAGIC = 0x4651434B;
    /** The format version this code writes and reads (2: a finished round holds eta, K' and mean gradient figures). */
    public static final int VERSION = 2;
    static final int HEADER_BYTES = 20;

    /**
     * A checkpoint read back.
     *
     * @param checkpoint what it holds
     * @param file       the file it came from
     * @param refused    why each newer file was refused before it, empty when the latest was used
     */
    public record Loaded(Checkpoint checkpoint, Path file, List<String> refused) {
    }

    private CheckpointFile() {
    }

    /** The bytes of {@code c}'s file: header and body. */
    public static byte[] encode(Checkpoint c) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(body, 1 << 16))) {
            CheckpointCodec.write(c, out);
        }
        byte[] b = body.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(b);
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + b.length);
        file.putInt(MAGIC).putInt(VERSION).putLong(b.length).putInt((int) crc.getValue()).put(b);
        return file.array();
    }

    /**
     * Writes {@code c} as the latest checkpoint of {@code folder}, keeping the one it replaces as
     * the previous; atomic as the class comment says.
     */
    public static void write(Path folder, Checkpoint c) throws IOException {
        byte[] bytes = encode(c);
        Path tmp = folder.resolve(TEMPORARY);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (CrashPoint.armed(CrashPoint.CHECKPOINT_WRITE, c.rounds())) {
                b.limit(bytes.length / 2);
                writeAll(ch, b);
                ch.force(true);
                CrashPoint.reached(CrashPoint.CHECKPOINT_WRITE, c.rounds());
            }
            writeAll(ch, b);
            ch.force(true);
        }
        Path latest = folder.resolve(LATEST);
        if (Files.exists(latest)) {
            Files.move(latest, folder.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            CrashPoint.reached(CrashPoint.CHECKPOINT_RENAME, c.rounds());
        }
        Files.move(tmp, latest, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(folder);
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Forces {@code folder}'s entries (the renames) to disk; a no-op where folders cannot be opened. */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }

    /**
     * The checkpoint of {@code folder}: the latest, or the previous when the latest is missing or
     * refused.
     *
     * @throws CheckpointException naming each file and its fault when neither can be used
     */
    public static Loaded load(Path folder) throws CheckpointException {
        List<String> refused = new ArrayList<>();
        for (String name : List.of(LATEST, PREVIOUS)) {
            Path file = folder.resolve(name);
            try {
                return new Loaded(read(file), file, List.copyOf(refused));
            } catch (CheckpointException e) {
                refused.add(e.getMessage());
            }
        }
        throw new CheckpointException(folder.resolve(LATEST), "no usable checkpoint in " + folder + " ("
                + String.join("; ", refused) + ")");
    }

    /**
     * Reads one checkpoint file.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new CheckpointException(file, "truncated: " + bytes.length + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new CheckpointException(file, String.format(Locale.ROOT,
                    "not a fedqnn checkpoint (starts with 0x%08x, not FQCK)", magic));
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new CheckpointException(file, "format version " + version + ", this fedqnn reads version " + VERSION);
        }
        long length = b.getLong();
        int expected = b.getInt();
        long actual = bytes.length - (long) HEADER_BYTES;
        if (actual < length) {
            throw new CheckpointException(file, "truncated: the header announces " + length + " body bytes, the file "
                    + "holds " + actual);
        }
        if (actual > length) {
            throw new CheckpointException(file, (actual - length) + " bytes after the " + length + "-byte body");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_BYTES, (int) length);
        if ((int) crc.getValue() != expected) {
            throw new CheckpointException(file, String.format(Locale.ROOT,
                    "checksum mismatch: the body's CRC32C is %08x, the header says %08x (the file is corrupt)",
                    (int) crc.getValue(), expected));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER_BYTES, (int) length))) {
            Checkpoint c = CheckpointCodec.read(in);
            if (in.available() != 0) {
                throw new CheckpointException(file, in.available() + " body bytes left over after the checkpoint");
            }
            return c;
        } catch (EOFException e) {
            throw new CheckpointException(file, "the body ends early (a bug in the writer, or another version)");
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "malformed body: " + e.getMessage());
        }
    }
}
