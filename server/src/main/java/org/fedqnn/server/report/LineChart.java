package org.fedqnn.server.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG line chart of named series over a shared kind of x, drawn headless with XChart.
 * Points whose y is not finite (or not positive on a logarithmic axis) are left out, so a
 * series with a gap shows the gap. Not thread-safe; build, add, write.
 */
public final class LineChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    private record Series(String name, double[] x, double[] y, boolean dashed) {
    }

    public LineChart(String title, String xTitle, String yTitle, boolean logY) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.logY = logY;
    }

    /** Adds a series; {@code x} and {@code y} must have the same length. */
    public LineChart add(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** Adds a series drawn dashed when {@code dashed}. */
    public LineChart add(String name, double[] x, double[] y, boolean dashed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x and " + y.length + " y");
        }
        series.add(new Series(name, x.clone(), y.clone(), dashed));
        return this;
    }

    /** Writes the chart as PNG to {@code png}, replacing it atomically (a reader never sees half a file). */
    public void write(Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler.LegendPosition legend = Styler.LegendPosition.OutsideS;
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        boolean any = false;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]) && (!logY || s.y[i] > 0)) {
                    xs.add(s.x[i]);
                    ys.add(s.y[i]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            any = true;
            XYSeries line = chart.addSeries(s.name, xs, ys);
            line.setMarker(SeriesMarkers.CIRCLE);
            if (s.dashed) {
                line.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        if (!any) {
            chart.addSeries("(no data)", new double[] {0}, new double[] {logY ? 1 : 0});
        }
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(png.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
