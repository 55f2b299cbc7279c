package org.fedqnn.datasets.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or plain (told apart by the
 * gzip magic bytes, never by the file name).
 *
 * <p>An image file is the big-endian header {@code 0x00000803, count, rows, cols} followed by
 * {@code count * rows * cols} unsigned bytes; a label file is {@code 0x00000801, count}
 * followed by {@code count} bytes. The reader checks the magic number, that every dimension is
 * positive, that the file is exactly as long as its header says (a truncated file and trailing
 * bytes are both refused), that each label is below the class count, and that an image file
 * and its label file hold the same number of records. Any violation is a
 * {@link DataFormatException} naming the file, the field, the expected and the actual value,
 * and nothing is returned.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an IDX3 image file. */
    public static IdxImages readImages(Path file) throws IOException {
        try (CheckedInput in = CheckedInput.open(file)) {
            String header = "a header of at least 16 bytes";
            int magic = in.readInt(header);
            requireMagic(file, IMAGES_MAGIC, magic);
            int count = requirePositive(file, "image count", in.readInt(header));
            int rows = requirePositive(file, "rows", in.readInt(header));
            int cols = requirePositive(file, "columns", in.readInt(header));
            long dataBytes = imageBytes(file, count, rows, cols);
            String expected = Math.addExact(16L, dataBytes) + " bytes (16-byte header + " + count
                    + " images of " + rows + "x" + cols + ")";
            byte[] pixels = in.readFully(dataBytes, expected);
            in.requireEnd(expected);
            return new IdxImages(file, count, rows, cols, pixels, in.sha256Hex());
        }
    }

    /** Reads an IDX1 label file whose labels must all be in {@code 0..classes-1}. */
    public static IdxLabels readLabels(Path file, int classes) throws IOException {
        try (CheckedInput in = CheckedInput.open(file)) {
            String header = "a header of at least 8 bytes";
            int magic = in.readInt(header);
            requireMagic(file, LABELS_MAGIC, magic);
            int count = requirePositive(file, "label count", in.readInt(header));
            String expected = (8L + count) + " bytes (8-byte header + " + count + " labels)";
            byte[] labels = in.readFully(count, expected);
            in.requireEnd(expected);
            requireLabelsBelow(file, labels, classes, "label[%d]", 0);
            return new IdxLabels(file, labels, in.sha256Hex());
        }
    }

    /**
     * Reads an image file and its label file and checks that they pair up: the same number of
     * records in each.
     */
    public static SourcedImages read(Path imagesFile, Path labelsFile, int classes)
            throws IOException {
        IdxImages images = readImages(imagesFile);
        IdxLabels labels = readLabels(labelsFile, classes);
        if (labels.count() != images.count()) {
            throw new DataFormatException(labelsFile, "label count",
                    images.count() + " (the image count of " + imagesFile.getFileName() + ")",
                    Integer.toString(labels.count()));
        }
        LabeledImages data = new LabeledImages(images.count(), 1, images.rows(), images.cols(),
                images.pixels(), labels.labels(), classes);
        return new SourcedImages(data, Map.of(
                imagesFile.getFileName().toString(), images.sha256(),
                labelsFile.getFileName().toString(), labels.sha256()));
    }

    /**
     * {@code count * rows * cols}, the pixel bytes the header declares, refused when no array
     * holds them (the product of three 31-bit dimensions may even overflow a {@code long}).
     */
    static long imageBytes(Path file, int count, int rows, int cols) throws DataFormatException {
        BigInteger bytes = BigInteger.valueOf(count).multiply(BigInteger.valueOf(rows))
                .multiply(BigInteger.valueOf(cols));
        if (bytes.compareTo(BigInteger.valueOf(CheckedInput.MAX_ARRAY_BYTES)) > 0) {
            throw new DataFormatException(file, "image count x rows x columns",
                    "at most " + CheckedInput.MAX_ARRAY_BYTES + " pixel bytes",
                    count + " x " + rows + " x " + cols + " = " + bytes + " bytes");
        }
        return bytes.longValueExact();
    }

    private static void requireMagic(Path file, int expected, int actual)
            throws DataFormatException {
        if (actual != expected) {
            throw new DataFormatException(file, "magic number", describeMagic(expected),
                    describeMagic(actual));
        }
    }

    static String describeMagic(int magic) {
        String hex = String.format("0x%08X", magic);
        if (magic == IMAGES_MAGIC) {
            return hex + " (IDX images)";
        }
        if (magic == LABELS_MAGIC) {
            return hex + " (IDX labels)";
        }
        return hex;
    }

    static int requirePositive(Path file, String field, int value) throws DataFormatException {
        if (value < 1) {
            throw new DataFormatException(file, field, "a positive number",
                    Integer.toString(value));
        }
        return value;
    }

    /**
     * Checks every label in {@code labels} against {@code classes}, naming the first bad one
     * with {@code fieldFormat} applied to its index plus {@code indexOffset}.
     */
    static void requireLabelsBelow(Path file, byte[] labels, int classes, String fieldFormat,
            int indexOffset) throws DataFormatException {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classes) {
                throw new DataFormatException(file, String.format(fieldFormat, i + indexOffset),
                        "0.." + (classes - 1), Integer.toString(label));
            }
        }
    }
}
