package org.fedqnn.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the IDX reader (MNIST, Fashion-MNIST), plain and gzip-compressed. The first byte of an
 * input picks what is read: an image file, a label file, or both as a pair (the next two bytes
 * say where the image file ends); the second the class count. Invariant: the reader returns data
 * whose sizes agree with its header, or throws a {@link DataFormatException} naming the file and
 * the field; never another exception, whatever the header declares. The corpus lives in
 * {@code IdxReaderFuzzTestInputs/idxFiles}.
 */
class IdxReaderFuzzTest {

    private static final Path IMAGES = tempFile("images");
    private static final Path LABELS = tempFile("labels");

    @FuzzTest(maxDuration = "10s")
    void idxFiles(byte[] data) throws IOException {
        read(data);
    }

    /** True when the input was read as valid data. */
    static boolean read(byte[] data) throws IOException {
        if (data.length < 2) {
            return false;
        }
        int mode = data[0] & 0xFF;
        int classes = 1 + (data[1] & 0xFF) % LabeledImages.MAX_CLASSES;
        try {
            switch (mode % 3) {
                case 0 -> {
                    Files.write(IMAGES, Arrays.copyOfRange(data, 2, data.length));
                    IdxImages images = IdxReader.readImages(IMAGES);
                    assertEquals((long) images.count() * images.rows() * images.cols(), images.pixels().length);
                }
                case 1 -> {
                    Files.write(LABELS, Arrays.copyOfRange(data, 2, data.length));
                    IdxLabels labels = IdxReader.readLabels(LABELS, classes);
                    for (byte b : labels.labels()) {
                        assertTrue((b & 0xFF) < classes);
                    }
                }
                default -> {
                    if (data.length < 4) {
                        return false;
                    }
                    int split = Math.min(data.length, 4 + (ByteBuffer.wrap(data, 2, 2).getShort() & 0xFFFF));
                    Files.write(IMAGES, Arrays.copyOfRange(data, 4, split));
                    Files.write(LABELS, Arrays.copyOfRange(data, split, data.length));
                    SourcedImages pair = IdxReader.read(IMAGES, LABELS, classes);
                    assertEquals(2, pair.fileSha256().size());
                }
            }
            return true;
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(e.file() + ": "), e.getMessage());
            assertFalse(e.field().isBlank(), e.getMessage());
            return false;
        }
    }

    private static Path tempFile(String name) {
        try {
            Path p = Files.createTempFile("fuzz-idx-" + name, ".bin");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- seeds ----

    private static final Path INPUTS = Path.of("src/test/resources/org/fedqnn/datasets/io",
            "IdxReaderFuzzTestInputs", "idxFiles");

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols).putInt(IdxReader.IMAGES_MAGIC).putInt(count)
                .putInt(rows).putInt(cols);
        for (int i = 16; i < b.capacity(); i++) {
            b.put(i, (byte) (i * 37));
        }
        return b.array();
    }

    static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Valid inputs: images, labels, a gzip-compressed image file, and a pair. */
    @Test
    void theValidSeedsAreRead() throws IOException {
        byte[] images = images(3, 4, 5);
        byte[] labels = labels(0, 9, 4);
        byte[][] seeds = {
            concat(new byte[] {0, 9}, images),
            concat(new byte[] {1, 9}, labels),
            concat(new byte[] {0, 9}, gzip(images)),
            concat(new byte[] {2, 9, 0, (byte) images.length}, images, labels)};
        String[] names = {"valid-images", "valid-labels", "valid-images-gzip", "valid-pair"};
        for (int i = 0; i < seeds.length; i++) {
            if (Boolean.getBoolean("fuzz.writeSeeds")) {
                Files.createDirectories(INPUTS);
                Files.write(INPUTS.resolve(names[i]), seeds[i]);
            }
            assertTrue(read(seeds[i]), names[i]);
            assertTrue(read(Files.readAllBytes(INPUTS.resolve(names[i]))), names[i] + " in the corpus");
        }
    }
}
