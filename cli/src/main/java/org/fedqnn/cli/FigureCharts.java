package org.fedqnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Draws the {@link PaperFigures} tables as PNG with XChart, headless (the caller sets
 * {@code java.awt.headless}). Stateless; each call builds and writes its own chart.
 */
final class FigureCharts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private FigureCharts() {
    }

    /** Writes {@code table} as {@code dir/<stem>.png}, returning the path. */
    static Path write(FigureTable table, Path dir) throws IOException {
        Chart<?, ?> chart = switch (table.stem()) {
            case "fig3-energy-vs-n" -> fig3(table);
            case "fig4-n-star-vs-local-steps" -> line(table, "local_steps", "local steps I", false);
            case "fig5-n-star-vs-model-size" -> line(table, "model_size", "model size d", true);
            case "fig6-energy-vs-epsilon" -> fig6(table);
            case "fig7-networks" -> fig7(table);
            case "fig8-mac-units" -> macUnits(table);
            default -> throw new IllegalArgumentException("no chart for table " + table.stem());
        };
        Path png = dir.resolve(table.stem() + ".png");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return png;
    }

    private static XYChart xy(FigureTable table, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(table.title())
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static XYChart fig3(FigureTable table) {
        XYChart chart = xy(table, "precision n (bits)", "energy until convergence (J)");
        chart.getStyler().setYAxisLogarithmic(true);
        double[] n = table.numbers("n");
        chart.addSeries("total f_E(n)", n, table.numbers("total_joules"));
        chart.addSeries("uplink", n, table.numbers("uplink_joules"));
        chart.addSeries("compute", n, table.numbers("compute_joules"));
        chart.addSeries("total, paper's counts", n, table.numbers("total_joules_paper_counts"));
        return chart;
    }

    private static XYChart line(FigureTable table, String xColumn, String xTitle, boolean logX) {
        XYChart chart = xy(table, xTitle, "optimal precision n* (bits)");
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.addSeries("n*", table.numbers(xColumn), table.numbers("n_star"));
        chart.addSeries("continuous minimiser", table.numbers(xColumn), table.numbers("continuous_n"));
        return chart;
    }

    private static XYChart fig6(FigureTable table) {
        XYChart chart = xy(table, "target epsilon", "energy at n* (J)");
        chart.getStyler().setXAxisLogarithmic(true);
        double[] epsilon = table.numbers("epsilon");
        chart.addSeries("energy at n*", epsilon, table.numbers("total_joules_at_n_star"));
        chart.addSeries("energy at n*, paper's counts", epsilon,
                table.numbers("total_joules_at_n_star_paper_counts"));
        chart.addSeries("n*", epsilon, table.numbers("n_star")).setYAxisGroup(1);
        chart.addSeries("n*, paper's counts", epsilon, table.numbers("n_star_paper_counts")).setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "n* (bits)");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        bitsAxis(chart, 1, table.numbers("n_star"), table.numbers("n_star_paper_counts"));
        return chart;
    }

    private static CategoryChart fig7(FigureTable table) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(table.title())
                .xAxisTitle("network (n* ours / paper)").yAxisTitle("energy until convergence (J)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> labels = new ArrayList<>();
        List<String> names = table.texts("network");
        List<String> ours = table.texts("n_star");
        List<String> paper = table.texts("paper_n_star");
        for (int i = 0; i < names.size(); i++) {
            labels.add(names.get(i) + " (" + ours.get(i) + "/" + paper.get(i) + ")");
        }
        chart.addSeries("at n*", labels, boxed(table.numbers("total_joules_at_n_star")));
        chart.addSeries("32-bit baseline", labels, boxed(table.numbers("baseline_joules")));
        return chart;
    }

    private static XYChart macUnits(FigureTable table) {
        XYChart chart = xy(table, "MAC units p", "optimal precision n* (bits)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        List<String> networks = table.texts("network");
        double[] p = table.numbers("mac_units");
        double[] nStar = table.numbers("n_star");
        double[] relative = table.numbers("energy_relative_to_default_p");
        Set<String> distinct = new LinkedHashSet<>(networks);
        for (int group = 0; group < 2; group++) {
            for (String network : distinct) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < networks.size(); i++) {
                    if (networks.get(i).equals(network)) {
                        x.add(p[i]);
                        y.add(group == 0 ? nStar[i] : relative[i]);
                    }
                }
                String name = (group == 0 ? "n*, " : "energy / energy at default p, ") + network;
                chart.addSeries(name, x, y).setYAxisGroup(group);
            }
        }
        chart.setYAxisGroupTitle(1, "energy at n*, relative to the default p");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        bitsAxis(chart, 0, nStar);
        // XChart drops the ticks of an automatic axis once another group's range is fixed
        double low = java.util.Arrays.stream(relative).min().orElse(1);
        double high = java.util.Arrays.stream(relative).max().orElse(1);
        chart.getStyler().setYAxisMin(1, low - 0.1 * (high - low + 1e-3));
        chart.getStyler().setYAxisMax(1, high + 0.1 * (high - low + 1e-3));
        return chart;
    }

    /** Whole-bit range with a bit of room either side, for an axis of n* values. */
    private static void bitsAxis(XYChart chart, int group, double[]... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] series : values) {
            for (double v : series) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        chart.getStyler().setYAxisMin(group, Math.floor(min) - 2);
        chart.getStyler().setYAxisMax(group, Math.ceil(max) + 2);
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
