package org.fedqnn.server.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.catalog.Catalogue;
import org.fedqnn.datasets.catalog.DatasetLoader;
import org.fedqnn.datasets.catalog.DatasetLocator;
import org.fedqnn.qnn.alloc.LayerDistortion;
import org.fedqnn.qnn.alloc.LayerwiseAllocator;
import org.fedqnn.qnn.alloc.Widths;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.wire.ExpectedTensor;
import org.fedqnn.qnn.wire.ModelLayout;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.RunSettings;
import org.fedqnn.server.TestSettings;
import org.fedqnn.server.profile.DeviceProfile;
import org.fedqnn.server.profile.DeviceProfiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The measured significance on the real MLP and real Fashion-MNIST images: tables that follow
 * the loss, allocations within every budget, and the same allocations for the same seed and
 * models from a significance built afresh.
 */
class MeasuredSignificanceRunTest {

    private static Dataset data;

    @BeforeAll
    static void load() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        data = DatasetLoader.load(DatasetLocator.system().locate(Catalogue.byName("fashion-mnist"), Optional.empty()));
    }

    /** w_0 of the run, and w_1 = w_0 plus a seeded step of about 0.01 per value. */
    private static GlobalModel[] models(RunSettings s) {
        QnnNetwork net = s.model().create(s.trainingPrecision(), s.seed());
        float[][] w0 = new float[net.parameters().size()][];
        float[][] w1 = new float[w0.length][];
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < w0.length; i++) {
            w0[i] = net.parameterValues(i);
            w1[i] = w0[i].clone();
            for (int j = 0; j < w1[i].length; j++) {
                w1[i][j] += (float) (0.02 * (r.nextDouble() - 0.5));
            }
        }
        return new GlobalModel[] {new GlobalModel(0, w0), new GlobalModel(1, w1)};
    }

    @Test
    void measuredTablesAllocateWithinBudgetAndDependOnlyOnSeedAndModels() {
        RunSettings s = TestSettings.settings(6, 6, 1, 8, 0);
        QnnNetwork net = s.model().create(s.trainingPrecision(), s.seed());
        ModelLayout layout = new ModelLayout(net.parameters(), s.trainingPrecision());
        GlobalModel[] w = models(s);
        DeviceProfiles tiers = DeviceProfiles.tiers(6, s.seed(), 5e10);
        double window = 0.3;

        MeasuredLayerSignificance measured = MeasuredLayerSignificance.of(s, data, 64);
        assertEquals(64, measured.samples());
        List<LayerDistortion> tables = measured.tables(layout, w[0], w[1], Widths.DEFAULT);
        assertEquals(layout.parameters().stream().filter(p -> p.quantized()).count(), tables.size());
        boolean anyRise = false;
        for (LayerDistortion t : tables) {
            anyRise |= t.distortion(0) > 0;
            for (int b = 1; b < Widths.DEFAULT.count(); b++) {
                assertTrue(t.distortion(b) <= t.distortion(b - 1), t.name() + " non-increasing");
            }
        }
        assertTrue(anyRise, "quantizing some layer's step at 1 bit raises the loss");

        LayerwiseStrategy fedLq = new LayerwiseStrategy(s, layout, tiers, new LayerwiseAllocator(), Widths.DEFAULT,
                window, measured);
        assertEquals("fedlq-layerwise-measured", fedLq.name());
        fedLq.configure(0, w[0]);
        RoundPlan plan = fedLq.configure(1, w[1]);
        LayerwiseStrategy fresh = new LayerwiseStrategy(s, layout, tiers, new LayerwiseAllocator(), Widths.DEFAULT,
                window, MeasuredLayerSignificance.of(s, data, 64));
        fresh.configure(0, w[0]);
        RoundPlan again = fresh.configure(1, w[1]);
        long floatBits = layout.parameters().stream().filter(p -> !p.quantized()).mapToLong(p -> 32L * p.length())
                .sum();
        for (int k : plan.selected()) {
            DeviceProfile p = tiers.of(k);
            long bits = 0;
            for (ExpectedTensor t : plan.instruction(k).updateTensors()) {
                bits += (long) t.elementCount() * t.encoding().bits();
            }
            assertTrue(bits <= p.budgetBits(window), "device " + k + " sends " + bits + " bits, budget "
                    + p.budgetBits(window) + " (" + floatBits + " of them in float)");
            assertEquals(plan.instruction(k), again.instruction(k), "same seed and models, same allocation");
        }
        RunSettings other = TestSettings.withSeed(s, 99);
        List<LayerDistortion> otherSeed = MeasuredLayerSignificance.of(other, data, 64).tables(layout, w[0], w[1],
                Widths.DEFAULT);
        assertNotEquals(tables, otherSeed, "another seed draws another sample and other quantizations");
    }
}
