package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.qnn.train.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedqnn train} on a small real subset of Fashion-MNIST. */
class TrainCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is installed by .ci/run");
    }

    /** Final test accuracy and the first epoch's training loss of a short run. */
    private static double[] train(String bits, String name) throws IOException {
        Path out = dir.resolve(name);
        MainTest.Result r = MainTest.run("train", "--bits", bits, "--epochs", "2", "--train-limit", "3200",
                "--test-limit", "1000", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch   2/2"), r.out());
        assertTrue(r.out().contains("backend     libnd4j CPU with oneDNN"), r.out());
        List<EpochRow> epochs = EpochRow.read(out.resolve("epochs.csv"));
        assertEquals(2, epochs.size(), epochs.toString());
        assertEquals(List.of(1, 2), epochs.stream().map(EpochRow::epoch).toList());
        ModelFile.Loaded model = ModelFile.load(out.resolve("model.fqnn"));
        assertEquals(bits.equals("float") ? 0 : Integer.parseInt(bits), model.network().config().precision().bits());
        return new double[] {epochs.get(1).testAccuracy(), epochs.get(0).trainLoss(), epochs.get(1).trainLoss()};
    }

    @Test
    void thirtyTwoBitsTrainsLikeFloatAndFourBitsLearns() throws IOException {
        double[] f = train("float", "float");
        double[] n32 = train("32", "n32");
        double[] n4 = train("4", "n4");
        assertTrue(f[0] > 0.70, "float32 accuracy " + f[0]);
        // n=32 quantizes below float resolution; what remains is the clipped activation and the clip
        // of the weights, which cost a few points on so short a run.
        assertEquals(f[0], n32[0], 0.05, "n=32 accuracy against float32");
        assertTrue(n4[2] < 0.8 * n4[1] && n4[2] < 1.0, "n=4 training loss " + n4[1] + " -> " + n4[2]);
        assertTrue(n4[0] > 0.60, "n=4 accuracy " + n4[0]);
    }

    @Test
    void badOptionsAreNamed() {
        MainTest.Result r = MainTest.run("train", "--bits", "33", "--epochs", "1");
        assertEquals(2, r.code(), "--bits is converted while the command line is parsed: a usage error");
        assertTrue(r.err().contains("Invalid value for option '--bits'"), r.err());
        assertTrue(r.err().contains("bit width 1..32, got '33'"), r.err());
        r = MainTest.run("train", "--bits", "8", "--activation", "sigmoid", "--epochs", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("relu1 or hardtanh"), r.err());
    }
}
