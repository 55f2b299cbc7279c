package org.fedqnn.datasets.io;

import static org.fedqnn.datasets.TestFiles.cyclicLabels;
import static org.fedqnn.datasets.TestFiles.gzip;
import static org.fedqnn.datasets.TestFiles.idxImages;
import static org.fedqnn.datasets.TestFiles.idxLabels;
import static org.fedqnn.datasets.TestFiles.pattern;
import static org.fedqnn.datasets.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;
import org.fedqnn.datasets.download.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Asserts the exception names the file, the field, the expected and the actual value. */
    static void assertNames(DataFormatException e, Path file, String field, String expected,
            String actual) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains(field), m);
        assertTrue(m.contains("expected " + expected), m);
        assertTrue(m.contains("actual " + actual), m);
        assertEquals(file, e.file());
        assertEquals(field, e.field());
    }

    private Path file(String name, byte[] data, boolean gz) throws Exception {
        return write(dir.resolve(name), gz ? gzip(data) : data);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabels(boolean gz) throws Exception {
        Path images = file("images", idxImages(5, 3, 4), gz);
        Path labels = file("labels", idxLabels(0x801, new byte[] {0, 9, 3, 3, 1}), gz);
        SourcedImages read = IdxReader.read(images, labels, 10);
        LabeledImages data = read.images();
        assertEquals(5, data.count());
        assertEquals(1, data.channels());
        assertEquals(3, data.height());
        assertEquals(4, data.width());
        assertArrayEquals(pattern(60), data.pixels());
        assertArrayEquals(new byte[] {0, 9, 3, 3, 1}, data.labels());
        assertEquals(Checksums.sha256Hex(images), read.fileSha256().get("images"));
        assertEquals(Checksums.sha256Hex(labels), read.fileSha256().get("labels"));
    }

    @Test
    void detectsGzipByContentNotName() throws Exception {
        Path gzNoSuffix = file("plain-name", idxImages(2, 2, 2), true);
        Path plainWithSuffix = file("looks.gz", idxImages(2, 2, 2), false);
        assertArrayEquals(pattern(8), IdxReader.readImages(gzNoSuffix).pixels());
        assertArrayEquals(pattern(8), IdxReader.readImages(plainWithSuffix).pixels());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesTruncatedImages(boolean gz) throws Exception {
        byte[] full = idxImages(4, 5, 5);
        Path f = file("short", Arrays.copyOf(full, full.length - 10), gz);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "length", "116 bytes", "106 bytes");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesTrailingBytes(boolean gz) throws Exception {
        byte[] full = idxImages(4, 5, 5);
        Path f = file("long", Arrays.copyOf(full, full.length + 3), gz);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "length", "116 bytes", "119 bytes");
        assertTrue(e.getMessage().contains("3 trailing bytes"), e.getMessage());
    }

    @Test
    void refusesTruncatedLabels() throws Exception {
        byte[] full = idxLabels(0x801, cyclicLabels(20, 10));
        Path f = file("short-labels", Arrays.copyOf(full, 12), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readLabels(f, 10));
        assertNames(e, f, "length", "28 bytes", "12 bytes");
    }

    @Test
    void refusesHeaderCutShort() throws Exception {
        Path f = file("stub", new byte[] {0, 0, 8, 3, 0, 0}, false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "length", "a header of at least 16 bytes", "6 bytes");
    }

    @Test
    void refusesWrongMagicNumber() throws Exception {
        Path f = file("labels-as-images", idxLabels(0x801, new byte[] {1, 2}), true);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "magic number", "0x00000803", "0x00000801");

        Path g = file("garbage", idxImages(0x12345678, 1, 1, 1, new byte[1]), false);
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> IdxReader.readLabels(g, 10));
        assertNames(e2, g, "magic number", "0x00000801", "0x12345678");
    }

    @Test
    void refusesLabelOutOfRange() throws Exception {
        Path f = file("labels", idxLabels(0x801, new byte[] {0, 5, 11, 2}), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readLabels(f, 10));
        assertNames(e, f, "label[2]", "0..9", "11");
    }

    @Test
    void refusesImageLabelCountMismatch() throws Exception {
        Path images = file("images", idxImages(5, 2, 2), false);
        Path labels = file("labels", idxLabels(0x801, cyclicLabels(4, 10)), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(images, labels, 10));
        assertNames(e, labels, "label count", "5", "4");
    }

    @Test
    void refusesZeroDimension() throws Exception {
        Path f = file("flat", idxImages(0x803, 3, 0, 4, new byte[0]), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "rows", "a positive number", "0");
    }

    @Test
    void refusesCorruptGzip() throws Exception {
        byte[] gz = gzip(idxImages(50, 10, 10));
        Path f = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.field().equals("gzip stream") || e.field().equals("length"), e.field());
    }

    @Test
    void hugeHeaderOnTinyFileIsRefusedWithoutAllocatingIt() throws Exception {
        Path f = file("liar", idxImages(0x803, 60_000, 1000, 1000, new byte[10]), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertTrue(e.field().equals("image count x rows x columns") || e.field().equals("length"),
                e.getMessage());
    }

    /** Found by fuzzing: three dimensions near 2^31 whose product overflows a long. */
    @Test
    void dimensionsWhoseProductOverflowsALongAreRefusedNamingThem() throws Exception {
        int big = Integer.MAX_VALUE;
        Path f = file("overflow", idxImages(0x803, big, big, big, new byte[10]), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(f));
        assertNames(e, f, "image count x rows x columns", "at most " + CheckedInput.MAX_ARRAY_BYTES
                + " pixel bytes", big + " x " + big + " x " + big + " = ");
    }
}
