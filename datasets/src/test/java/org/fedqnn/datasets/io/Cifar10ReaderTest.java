package org.fedqnn.datasets.io;

import static org.fedqnn.datasets.TestFiles.cifarBatch;
import static org.fedqnn.datasets.TestFiles.gzip;
import static org.fedqnn.datasets.TestFiles.write;
import static org.fedqnn.datasets.io.IdxReaderTest.assertNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fedqnn.datasets.DataFormatException;
import org.fedqnn.datasets.LabeledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRecordsAsChwAndConcatenatesFiles() throws Exception {
        Path a = write(dir.resolve("data_batch_1.bin"), cifarBatch(new byte[] {3, 0, 9}));
        Path b = write(dir.resolve("data_batch_2.bin"), gzip(cifarBatch(new byte[] {7, 7, 1})));
        SourcedImages read = Cifar10Reader.read(List.of(a, b), 3);
        LabeledImages data = read.images();
        assertEquals(6, data.count());
        assertEquals(3, data.channels());
        assertEquals(32, data.height());
        assertEquals(32, data.width());
        assertEquals(List.of(3, 0, 9, 7, 7, 1),
                Arrays.stream(data.labelsAsInts()).boxed().toList());
        // record r (within its file), value k of the 3072 bytes = (r*31 + k) & 0xFF
        int image = 4; // second record of the second file
        for (int k : new int[] {0, 1023, 1024, 2048, 3071}) {
            assertEquals((31 + k) & 0xFF, data.pixels()[image * 3072 + k] & 0xFF);
        }
        assertEquals(2, read.fileSha256().size());
    }

    @Test
    void refusesTruncatedFile() throws Exception {
        byte[] full = cifarBatch(new byte[] {1, 2});
        Path f = write(dir.resolve("short.bin"), Arrays.copyOf(full, full.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Cifar10Reader.readFile(f, 2));
        assertNames(e, f, "length", "6146 bytes", "6145 bytes");
    }

    @Test
    void refusesTrailingBytes() throws Exception {
        byte[] full = cifarBatch(new byte[] {1, 2});
        Path f = write(dir.resolve("long.bin"), Arrays.copyOf(full, full.length + 3073));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Cifar10Reader.readFile(f, 2));
        assertNames(e, f, "length", "6146 bytes", "9219 bytes");
    }

    @Test
    void refusesLabelOutOfRange() throws Exception {
        Path f = write(dir.resolve("bad.bin"), cifarBatch(new byte[] {1, 2, 9, 11}));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Cifar10Reader.readFile(f, 4));
        assertNames(e, f, "label of record 3", "0..9", "11");
    }
}
