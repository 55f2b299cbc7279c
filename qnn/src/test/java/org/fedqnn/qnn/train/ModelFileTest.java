package org.fedqnn.qnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    private QnnNetwork trained(QnnConfig config) {
        QnnNetwork net = QnnNetwork.create(ModelSpecs.mlp(), ModelSpecs.MNIST_INPUT, config, 7);
        int[] y = new int[32];
        float[] x = QnnNetworkTest.batch(32, 1, y)[0];
        net.trainStep(x, y, 32, 0.1, new StepKeys(7, 0, 0, 0));
        return net;
    }

    @Test
    void roundTripKeepsWeightsPrecisionAndMetadata() throws IOException {
        QnnConfig config = QnnConfig.paper(6).withActivation(ClippedActivation.HARDTANH)
                .withLayers(LayerPolicy.FLOAT_FIRST_LAST).withActivationRounding(Rounding.NEAREST);
        QnnNetwork net = trained(config);
        Path file = dir.resolve("m.fqnn");
        ModelFile.save(net, Map.of("dataset", "fashion-mnist"), file);
        ModelFile.Loaded loaded = ModelFile.load(file);
        assertEquals(config, loaded.network().config());
        assertEquals("fashion-mnist", loaded.metadata().get("dataset"));
        for (int i = 0; i < net.parameters().size(); i++) {
            assertArrayEquals(net.parameterValues(i), loaded.network().parameterValues(i));
        }
        int[] y = new int[16];
        float[] x = QnnNetworkTest.batch(16, 2, y)[0];
        assertEquals(net.evaluate(x, y, 16), loaded.network().evaluate(x, y, 16));
        assertTrue(Files.exists(file) && !Files.exists(dir.resolve("m.fqnn.tmp")));
        ModelFile.save(trained(QnnConfig.float32()), Map.of(), file);
        assertTrue(ModelFile.load(file).network().config().precision().isFloat());
    }

    @Test
    void everyKindOfDamageIsNamed() throws IOException {
        Path file = dir.resolve("m.fqnn");
        ModelFile.save(trained(QnnConfig.paper(8)), Map.of(), file);
        byte[] good = Files.readAllBytes(file);

        assertProblem(Arrays.copyOf(good, 5), "too short");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertProblem(magic, "magic");
        byte[] version = good.clone();
        version[11] = 9;
        assertProblem(version, "version: expected 1, actual 9");
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertProblem(flipped, "crc32");
        assertProblem(withCrc(Arrays.copyOf(good, good.length - 4 - 100)), "truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        System.arraycopy(good, good.length - 4, longer, longer.length - 4, 4);
        assertProblem(withCrc(longer), "unexpected bytes");
        // A weight outside [-1, 1] in a QNN file, with a valid checksum: the last float.
        byte[] big = good.clone();
        ByteBuffer.wrap(big).putFloat(big.length - 8, 3.5f);
        assertProblem(withCrc(big), "dense3.bias[9]: expected a finite value in [-1, 1], actual 3.5");
        ByteBuffer.wrap(big).putFloat(big.length - 8, Float.NaN);
        assertProblem(withCrc(big), "actual NaN");
    }

    /** A header (every field but the model name as {@link ModelFile#save} writes it), no tensors, room for the CRC. */
    private static byte[] header(byte[] modelUtf, int channels, int height, int width) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.write(ModelFile.MAGIC);
            out.writeInt(ModelFile.VERSION);
            out.write(modelUtf);
            out.writeInt(channels);
            out.writeInt(height);
            out.writeInt(width);
            out.writeInt(8);
            out.writeUTF("all");
            out.writeUTF("relu1");
            out.writeUTF("STOCHASTIC");
            out.writeUTF("pow2");
            out.writeInt(0);
            out.writeInt(0);
        }
        return withCrc(bytes.toByteArray());
    }

    /** Found by fuzzing: a malformed string escaped as a bare UTFDataFormatException. */
    @Test
    void aMalformedStringIsAFormatErrorNamingTheField() throws IOException {
        assertProblem(header(new byte[] {0, 2, (byte) 0xC0, 0x20}, 1, 28, 28),
                "model: expected a modified UTF-8 string, actual malformed bytes");
    }

    /** A short file whose header declares a huge input is refused before the network is built. */
    @Test
    void anInputWhoseWeightsCannotFitTheFileIsRefusedBeforeAllocating() throws IOException {
        byte[] mlp = {0, 3, 'm', 'l', 'p'};
        assertProblem(header(mlp, 1, 1, 100_000_000), "input: expected a shape whose weights fit the file, actual "
                + "1x1x100000000, on which model mlp has ");
        assertProblem(header(mlp, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), "model mlp on ");
    }

    private static byte[] withCrc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        return file;
    }

    private void assertProblem(byte[] content, String expected) throws IOException {
        Path bad = dir.resolve("bad.fqnn");
        Files.write(bad, content);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(bad));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }
}
