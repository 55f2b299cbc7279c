package org.fedqnn.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the CIFAR-10 binary reader, plain and gzip-compressed. The first byte of an input says
 * how many records the file must hold (1..3), the rest is the file. Invariant: the reader returns
 * exactly that many images with labels in 0..9, or throws a {@link DataFormatException} naming
 * the file and the field; never another exception. The corpus lives in
 * {@code Cifar10ReaderFuzzTestInputs/cifarFile}.
 */
class Cifar10ReaderFuzzTest {

    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "10s")
    void cifarFile(byte[] data) throws IOException {
        read(data);
    }

    /** True when the input was read as valid data. */
    static boolean read(byte[] data) throws IOException {
        if (data.length < 1) {
            return false;
        }
        int records = 1 + (data[0] & 0xFF) % 3;
        Files.write(FILE, Arrays.copyOfRange(data, 1, data.length));
        try {
            LabeledImages images = Cifar10Reader.readFile(FILE, records).images();
            assertEquals(records, images.count());
            return true;
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
            assertFalse(e.field().isBlank(), e.getMessage());
            return false;
        }
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("fuzz-cifar10", ".bin");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- seeds ----

    private static final Path INPUTS = Path.of("src/test/resources/org/fedqnn/datasets/io",
            "Cifar10ReaderFuzzTestInputs", "cifarFile");

    private static byte[] records(int... labels) {
        byte[] out = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            out[r * Cifar10Reader.RECORD_BYTES] = (byte) labels[r];
            for (int i = 1; i < Cifar10Reader.RECORD_BYTES; i++) {
                out[r * Cifar10Reader.RECORD_BYTES + i] = (byte) (i * 31 + r);
            }
        }
        return out;
    }

    /** Valid inputs: one record, two records gzip-compressed. */
    @Test
    void theValidSeedsAreRead() throws IOException {
        byte[][] seeds = {
            IdxReaderFuzzTest.concat(new byte[] {0}, records(3)),
            IdxReaderFuzzTest.concat(new byte[] {1}, IdxReaderFuzzTest.gzip(records(9, 0)))};
        String[] names = {"valid-one-record", "valid-two-records-gzip"};
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
