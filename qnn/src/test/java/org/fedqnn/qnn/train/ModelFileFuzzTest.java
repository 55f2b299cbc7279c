package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.TensorShape;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the model file reader. An input is a flag byte and a file; with the flag's low bit set
 * the harness writes the right CRC-32 into the file's last four bytes first, so that the fuzzer
 * gets past the checksum to the fields behind it. Invariant: {@link ModelFile#load} returns a
 * network or throws a {@link ModelFormatException} naming the file and what was wrong; never
 * another exception, whatever sizes the header declares. The corpus lives in
 * {@code ModelFileFuzzTestInputs/modelFile}.
 */
class ModelFileFuzzTest {

    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "10s")
    void modelFile(byte[] data) throws IOException {
        load(data);
    }

    /** True when the input loaded as a model. */
    static boolean load(byte[] data) throws IOException {
        if (data.length < 1) {
            return false;
        }
        byte[] file = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) != 0 && file.length >= 4) {
            CRC32 crc = new CRC32();
            crc.update(file, 0, file.length - 4);
            ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        }
        Files.write(FILE, file);
        try {
            ModelFile.load(FILE);
            return true;
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(FILE + ": ") && e.getMessage().length() > FILE.toString().length() + 2,
                    e.getMessage());
            return false;
        }
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("fuzz-model", ".fqnn");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- seeds ----

    private static final Path INPUTS = Path.of("src/test/resources/org/fedqnn/qnn/train",
            "ModelFileFuzzTestInputs", "modelFile");

    /** A real model file, as small as the known models get: the MLP on a 1x1x1 input, 6-bit, with metadata. */
    @Test
    void theValidSeedIsLoaded() throws IOException {
        Path seed = INPUTS.resolve("valid-mlp-1x1x1");
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            QnnConfig config = QnnConfig.paper(6).withActivation(ClippedActivation.HARDTANH)
                    .withLayers(LayerPolicy.FLOAT_FIRST_LAST).withActivationRounding(Rounding.NEAREST);
            QnnNetwork net = QnnNetwork.create(ModelSpecs.mlp(), new TensorShape(1, 1, 1), config, 3);
            Path model = Files.createTempFile("fuzz-seed", ".fqnn");
            ModelFile.save(net, Map.of("dataset", "mnist", "seed", "3"), model);
            byte[] bytes = Files.readAllBytes(model);
            Files.delete(model);
            byte[] withFlag = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, withFlag, 1, bytes.length);
            Files.createDirectories(INPUTS);
            Files.write(seed, withFlag);
        }
        assertTrue(load(Files.readAllBytes(seed)));
    }
}
