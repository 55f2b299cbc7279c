package org.fedqnn.datasets.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;

/**
 * Reads the CIFAR-10 binary files ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}). Each file is a sequence of 3073-byte records: one label byte
 * ({@code 0..9}) then 3072 pixel bytes, the 1024 red values of the 32x32 image row by row, then
 * the green, then the blue; that is already CHW, so the pixels are copied as they are.
 *
 * <p>The reader checks that the file holds exactly the expected number of records (a truncated
 * file and trailing bytes are both refused) and that every label is in range; a violation is a
 * {@link DataFormatException} naming the file, the field, the expected and the actual value,
 * and nothing is returned. A gzip-compressed file is accepted too (told apart by its magic
 * bytes). Stateless and thread-safe.
 */
public final class Cifar10Reader {

    /** Channels per image. */
    public static final int CHANNELS = 3;
    /** Rows and columns per image. */
    public static final int SIDE = 32;
    /** Pixel bytes per record. */
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    /** Bytes per record: the label byte and the pixels. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Records in each file of the official distribution. */
    public static final int RECORDS_PER_FILE = 10_000;
    /** Classes of CIFAR-10. */
    public static final int CLASSES = 10;

    private Cifar10Reader() {
    }

    /** Reads one file that must hold exactly {@code expectedRecords} records. */
    public static SourcedImages readFile(Path file, int expectedRecords) throws IOException {
        return read(List.of(file), expectedRecords);
    }

    /**
     * Reads the given files in order and concatenates their records; each must hold exactly
     * {@code recordsPerFile} records ({@link #RECORDS_PER_FILE} for the official files).
     */
    public static SourcedImages read(List<Path> files, int recordsPerFile) throws IOException {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files: expected at least one file, actual none");
        }
        if (recordsPerFile < 1) {
            throw new IllegalArgumentException(
                    "recordsPerFile: expected >= 1, actual " + recordsPerFile);
        }
        int count = Math.multiplyExact(files.size(), recordsPerFile);
        byte[] pixels = new byte[Math.multiplyExact(count, IMAGE_BYTES)];
        byte[] labels = new byte[count];
        Map<String, String> sums = new LinkedHashMap<>();
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            String sum = readInto(file, recordsPerFile, pixels, labels, f * recordsPerFile);
            sums.put(file.getFileName().toString(), sum);
        }
        return new SourcedImages(
                new LabeledImages(count, CHANNELS, SIDE, SIDE, pixels, labels, CLASSES), sums);
    }

    private static String readInto(Path file, int records, byte[] pixels, byte[] labels,
            int firstRecord) throws IOException {
        try (CheckedInput in = CheckedInput.open(file)) {
            long length = Math.multiplyExact((long) records, RECORD_BYTES);
            String expected = length + " bytes (" + records + " records of " + RECORD_BYTES + ")";
            byte[] raw = in.readFully(length, expected);
            in.requireEnd(expected);
            for (int r = 0; r < records; r++) {
                int label = raw[r * RECORD_BYTES] & 0xFF;
                if (label >= CLASSES) {
                    throw new DataFormatException(file, "label of record " + r,
                            "0.." + (CLASSES - 1), Integer.toString(label));
                }
                labels[firstRecord + r] = (byte) label;
                System.arraycopy(raw, r * RECORD_BYTES + 1, pixels,
                        (firstRecord + r) * IMAGE_BYTES, IMAGE_BYTES);
            }
            return in.sha256Hex();
        }
    }
}
