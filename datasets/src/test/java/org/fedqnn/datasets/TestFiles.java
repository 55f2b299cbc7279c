package org.fedqnn.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX and CIFAR-10 files for tests. */
public final class TestFiles {

    private TestFiles() {
    }

    /** The bytes of an IDX image file with the given header and pixel values. */
    public static byte[] idxImages(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    /** A well-formed IDX image file's bytes with pixel {@code i} equal to {@code i * 7 mod 256}. */
    public static byte[] idxImages(int count, int rows, int cols) {
        return idxImages(0x00000803, count, rows, cols, pattern(count * rows * cols));
    }

    /** The bytes of an IDX label file. */
    public static byte[] idxLabels(int magic, byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(labels.length).put(labels);
        return b.array();
    }

    /** Labels {@code i mod classes}. */
    public static byte[] cyclicLabels(int count, int classes) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return labels;
    }

    public static byte[] pattern(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    /** The bytes of a CIFAR-10 batch: record r has label {@code labels[r]}, pixels r + offset. */
    public static byte[] cifarBatch(byte[] labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < labels.length; r++) {
            out.write(labels[r]);
            for (int k = 0; k < 3072; k++) {
                out.write((r * 31 + k) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, data);
    }

    /** Writes a complete, small IDX data set (gzip) under {@code folder}. */
    public static void writeIdxDataset(Path folder, int train, int test, int side, int classes)
            throws IOException {
        write(folder.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(train, side, side)));
        write(folder.resolve("train-labels-idx1-ubyte.gz"),
                gzip(idxLabels(0x00000801, cyclicLabels(train, classes))));
        write(folder.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(test, side, side)));
        write(folder.resolve("t10k-labels-idx1-ubyte.gz"),
                gzip(idxLabels(0x00000801, cyclicLabels(test, classes))));
    }

    /** Random-looking labels from a seed, for partition tests. */
    public static int[] labels(int n, int classes, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return labels;
    }
}
