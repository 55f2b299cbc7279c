package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedqnn optimize} and {@code fedqnn figures} end to end, on small Monte Carlo counts. */
class EnergyCommandsTest {

    private static MainTest.Result run(String... args) {
        return MainTest.run(args);
    }

    @Test
    void optimizeTabulatesEveryPrecisionAndMarksNStar() {
        MainTest.Result r = run("optimize", "paper-cnn", "--monte-carlo", "300");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("N_c = 20,684,800 MACs, N_s = 227,402 weights"), r.out());
        long rows = r.out().lines().filter(line -> line.matches("\\s*\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+.*"))
                .count();
        assertEquals(32, rows, r.out());
        assertTrue(r.out().contains("n* = 11 "), r.out());
        assertTrue(r.out().contains(" 11 ") && r.out().contains("<- n*"), r.out());
        assertTrue(r.out().contains("Proposition 1"), r.out());
    }

    @Test
    void optimizeTakesExplicitCountsAndEveryParameter() {
        MainTest.Result r = run("optimize", "--nc", "20.64e6", "--ns", "0.18e6", "--os", "1354", "--monte-carlo", "300");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("n* = 10 "), r.out());
        MainTest.Result changed = run("optimize", "--nc", "20.64e6", "--ns", "0.18e6", "--os", "1354", "--d", "1000000000",
                "--local-steps", "2", "--devices", "20", "--devices-per-round", "5", "--epsilon", "0.001",
                "--mac-units", "16", "--noise-reading", "total", "--g-reading", "as-printed", "--alpha", "1.5",
                "--reference-distance-metres", "2", "--monte-carlo", "50", "--seed", "3");
        assertEquals(0, changed.code(), changed.err());
        assertTrue(changed.out().contains("d = 1,000,000,000"), changed.out());
        assertTrue(changed.out().contains("N = 20, K = 5, I = 2, epsilon = 0.001"), changed.out());
        assertTrue(changed.out().contains("N_0 = -100 dBm in total"), changed.out());
    }

    @Test
    void optimizeErrorsNameTheProblem() {
        MainTest.Result both = run("optimize", "paper-cnn", "--nc", "1e6");
        assertEquals(1, both.code());
        assertTrue(both.err().startsWith("fedqnn: give a model spec or --nc, --ns, --os, not both"), both.err());
        MainTest.Result missing = run("optimize", "--nc", "1e6", "--ns", "1e4");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--nc, --ns and --os are all needed"), missing.err());
        MainTest.Result k = run("optimize", "paper-cnn", "--devices-per-round", "60");
        assertEquals(1, k.code());
        assertTrue(k.err().contains("FederatedSetting.devicesPerRound must be in 1..50, got 60"), k.err());
        MainTest.Result reading = run("optimize", "paper-cnn", "--noise-reading", "dbm");
        assertEquals(1, reading.code());
        assertTrue(reading.err().contains("--noise-reading must be per-hertz or total, got 'dbm'"), reading.err());
        MainTest.Result unknown = run("optimize", "resnet-9000");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("model name must be one of"), unknown.err());
    }

    @Test
    void figuresWritesEveryCsvWithItsColumnsAndEveryPng(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("figs");
        MainTest.Result r = run("figures", "--out", out.toString(), "--monte-carlo", "20");
        assertEquals(0, r.code(), r.err());
        Map<String, List<String>> expected = Map.of(
                "fig3-energy-vs-n", List.of("n", "v", "rounds", "compute_joules", "uplink_joules", "total_joules",
                        "is_n_star", "total_joules_paper_counts", "is_n_star_paper_counts"),
                "fig4-n-star-vs-local-steps", List.of("local_steps", "n_star", "continuous_n",
                        "total_joules_at_n_star"),
                "fig5-n-star-vs-model-size", List.of("model_size", "forward_macs", "outputs", "n_star",
                        "continuous_n", "total_joules_at_n_star"),
                "fig6-energy-vs-epsilon", List.of("epsilon", "n_star", "continuous_n", "rounds_at_n_star",
                        "total_joules_at_n_star", "n_star_paper_counts", "total_joules_at_n_star_paper_counts"),
                "fig7-networks", List.of("network", "weights", "forward_macs", "outputs", "n_star", "paper_n_star",
                        "total_joules_at_n_star", "baseline_joules", "saving_percent"),
                "fig8-mac-units", List.of("network", "mac_units", "n_star", "continuous_n",
                        "total_joules_at_n_star", "compute_joules_at_n_star", "uplink_joules_at_n_star",
                        "energy_relative_to_default_p"));
        Map<String, Integer> rows = Map.of("fig3-energy-vs-n", 32, "fig4-n-star-vs-local-steps", 20,
                "fig5-n-star-vs-model-size", 16, "fig6-energy-vs-epsilon", 9, "fig7-networks", 5,
                "fig8-mac-units", 21);
        for (Map.Entry<String, List<String>> figure : expected.entrySet()) {
            List<String> lines = Files.readAllLines(out.resolve(figure.getKey() + ".csv"));
            assertEquals(figure.getValue(), Arrays.asList(lines.get(0).split(",")), figure.getKey());
            assertEquals(rows.get(figure.getKey()) + 1, lines.size(), figure.getKey());
            byte[] png = Files.readAllBytes(out.resolve(figure.getKey() + ".png"));
            assertTrue(png.length > 1000, figure.getKey() + ".png has " + png.length + " bytes");
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), figure.getKey());
        }
        List<String> fig7 = Files.readAllLines(out.resolve("fig7-networks.csv"));
        assertEquals(List.of("alexnet", "resnet50", "vgg16", "senet154", "dpn131"),
                fig7.subList(1, 6).stream().map(line -> line.split(",")[0]).toList());
        assertTrue(r.out().contains("fig7") && r.out().contains("vgg16 n*"), r.out());
    }
}
