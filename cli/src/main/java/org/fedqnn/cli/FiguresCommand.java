package org.fedqnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedqnn.qnn.energy.UplinkExpectation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn figures}: the paper's Figures 3-7, and one on the MAC units p, as CSV and PNG
 * in one folder, with a summary of n* next to the paper's.
 */
@Command(name = "figures", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the paper's Figures 3-7 (and fig8 on the MAC units p) as CSV and PNG into "
                + "--out, from the energy model, the bound and the line search at the given settings.")
final class FiguresCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write into (made if missing).")
    Path out;

    @Mixin
    EnergyModelOptions options;

    @Override
    public Integer call() throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        EnergyModelSettings settings = options.settings();
        Files.createDirectories(out);
        PrintWriter log = spec.commandLine().getOut();
        PaperFigures figures = new PaperFigures(settings);
        UplinkExpectation uplink = figures.uplink();
        log.printf(Locale.ROOT, "uplink  mean %.4g s/bit over %d cells x %d devices, seed %d%n",
                uplink.meanSecondsPerBit(), uplink.runs(), uplink.devices(), settings.seed());
        List<FigureTable> tables = figures.all();
        for (FigureTable table : tables) {
            Path csv = out.resolve(table.stem() + ".csv");
            Files.writeString(csv, table.csv(), StandardCharsets.UTF_8);
            Path png = FigureCharts.write(table, out);
            log.printf(Locale.ROOT, "wrote   %s, %s%n", csv, png.getFileName());
        }
        log.print(summary(tables));
        log.flush();
        return 0;
    }

    /** n* of each figure next to the paper's. */
    static String summary(List<FigureTable> tables) {
        StringBuilder s = new StringBuilder();
        for (FigureTable t : tables) {
            switch (t.stem()) {
                case "fig3-energy-vs-n" -> s.append(String.format(Locale.ROOT, "fig3    %s%n", t.title()));
                case "fig4-n-star-vs-local-steps" -> {
                    double[] nStar = t.numbers("n_star");
                    s.append(String.format(Locale.ROOT, "fig4    n* = %d at I = 3, %d at I = 5, %d at I = 20 "
                            + "(paper: 10, 10, 7)%n", (int) nStar[2], (int) nStar[4], (int) nStar[19]));
                }
                case "fig5-n-star-vs-model-size" -> {
                    double[] nStar = t.numbers("n_star");
                    s.append(String.format(Locale.ROOT, "fig5    n* from %d (d = 1e4) to %d (d = 1e9)%n",
                            (int) nStar[0], (int) nStar[nStar.length - 1]));
                }
                case "fig6-energy-vs-epsilon" -> {
                    double[] eps = t.numbers("epsilon");
                    double[] joules = t.numbers("total_joules_at_n_star");
                    double[] nStar = t.numbers("n_star");
                    int tight = 0;
                    int loose = indexOf(eps, 0.01);
                    double[] printed = t.numbers("total_joules_at_n_star_paper_counts");
                    double[] nStarPrinted = t.numbers("n_star_paper_counts");
                    s.append(String.format(Locale.ROOT, "fig6    epsilon 0.01 -> 0.001: %.4g J -> %.4g J (+%.4g J), "
                                    + "n* %d -> %d; with the paper's counts +%.4g J, n* %d -> %d "
                                    + "(paper: +127 J, +1 bit)%n", joules[loose], joules[tight],
                            joules[tight] - joules[loose], (int) nStar[loose], (int) nStar[tight],
                            printed[tight] - printed[loose], (int) nStarPrinted[loose], (int) nStarPrinted[tight]));
                }
                case "fig7-networks" -> {
                    List<String> names = t.texts("network");
                    double[] nStar = t.numbers("n_star");
                    double[] paper = t.numbers("paper_n_star");
                    double[] saving = t.numbers("saving_percent");
                    s.append("fig7   ");
                    for (int i = 0; i < names.size(); i++) {
                        s.append(String.format(Locale.ROOT, " %s n* %d (paper %d, saving %.0f%%)%s", names.get(i),
                                (int) nStar[i], (int) paper[i], saving[i], i + 1 < names.size() ? ";" : ""));
                    }
                    s.append(String.format(Locale.ROOT, "%n"));
                }
                default -> {
                }
            }
        }
        return s.toString();
    }

    private static int indexOf(double[] values, double target) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (Math.abs(values[i] - target) < Math.abs(values[best] - target)) {
                best = i;
            }
        }
        return best;
    }
}
