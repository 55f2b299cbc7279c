package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.datasets.catalog.DatasetNotFoundException;
import org.fedqnn.datasets.catalog.DatasetSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real MNIST and CIFAR-10, where {@code fedqnn data fetch mnist cifar10} put them (or any
 * other place the catalogue looks): {@code data inspect} passes every check, and a short
 * {@code train} learns. {@code .ci/run} fetches both and runs with {@code CI=true}, where a
 * missing data set fails; elsewhere these tests are skipped, saying why.
 */
class RealMnistCifarTest {

    @TempDir
    Path dir;

    /** Skips (or, under CI=true, fails) when {@code spec} is in none of the places looked at. */
    private static void requireReal(DatasetSpec spec) {
        try {
            DatasetLocator.system().locate(spec, Optional.empty());
        } catch (DatasetNotFoundException e) {
            String reason = "the real " + spec.name() + " is not here; fetch it with: bin/fedqnn data fetch "
                    + spec.name();
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " (CI=true, where .ci/run fetches it first)\n" + e.getMessage());
            }
            System.out.println("skipped: " + reason);
            Assumptions.abort(reason);
        }
    }

    private static void inspectPasses(String name, String trainCounts, String testCounts, int files) {
        MainTest.Result r = MainTest.run("data", "inspect", "--dataset", name);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("train class counts " + trainCounts), r.out());
        assertTrue(r.out().contains("test class counts  " + testCounts), r.out());
        assertTrue(r.out().contains(files + " of " + files + " files have a known SHA-256, 0 of those differ"),
                r.out());
        assertEquals(files, r.out().lines().filter(l -> l.endsWith("(as the catalogue's)")).count(), r.out());
    }

    /**
     * Trains one epoch on a seeded subset of {@code samples} samples (batch 32) and checks that the
     * model learnt: test accuracy above {@code minAccuracy} and test loss below {@code maxTestLoss}
     * (chance is 10% and a loss of ln 10 = 2.30).
     */
    private void learns(DatasetSpec data, String bits, int samples, double minAccuracy, double maxTestLoss)
            throws IOException {
        requireReal(data);
        Path out = dir.resolve(data.name() + "-" + bits);
        MainTest.Result r = MainTest.run("train", "--dataset", data.name(), "--bits", bits, "--epochs", "1",
                "--train-limit", Integer.toString(samples), "--test-limit", "1000", "--seed", "5",
                "--out", out.toString());
        System.out.println(r.out());
        assertEquals(0, r.code(), r.err());
        List<EpochRow> epochs = EpochRow.read(out.resolve("epochs.csv"));
        assertEquals(1, epochs.size());
        double testLoss = epochs.get(0).testLoss();
        double accuracy = epochs.get(0).testAccuracy();
        assertTrue(accuracy > minAccuracy, data.name() + " test accuracy " + accuracy);
        assertTrue(testLoss < maxTestLoss, data.name() + " test loss " + testLoss);
    }

    @Test
    void mnistInspectPassesEveryCheck() {
        requireReal(Catalogue.MNIST);
        inspectPasses("mnist", "[5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]",
                "[980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]", 4);
    }

    @Test
    void cifar10InspectPassesEveryCheck() {
        requireReal(Catalogue.CIFAR10);
        String fiveThousandEach = "[5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000]";
        String oneThousandEach = "[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]";
        inspectPasses("cifar10", fiveThousandEach, oneThousandEach, 6);
    }

    @Test
    void fourBitsLearnMnistIn100Steps() throws IOException {
        learns(Catalogue.MNIST, "4", 3200, 0.80, 0.6);
    }

    @Test
    void eightBitsLearnCifar10In200Steps() throws IOException {
        learns(Catalogue.CIFAR10, "8", 6400, 0.22, 2.1);
    }
}
