package io.switchboard.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart as SVG text, written by hand so the bench needs no plotting library:
 * a log-scale x axis (connection counts), a linear y axis, one coloured line per series.
 */
final class SvgChart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SvgChart() {
    }

    /** {@code series}: name → points (x, y); x on a log10 scale. Missing points are simply absent. */
    static String lines(String title, String xLabel, String yLabel, List<Integer> xs,
            Map<String, Map<Integer, Double>> series) {
        return lines(title, xLabel, yLabel, xs, series, false);
    }

    /** As above; with {@code logY} the y axis is log10 too (for values spanning orders of magnitude). */
    static String lines(String title, String xLabel, String yLabel, List<Integer> xs,
            Map<String, Map<Integer, Double>> series, boolean logY) {
        double maxY = series.values().stream().flatMap(points -> points.values().stream())
                .mapToDouble(Double::doubleValue).max().orElse(1);
        double minY = series.values().stream().flatMap(points -> points.values().stream())
                .mapToDouble(Double::doubleValue).filter(v -> v > 0).min().orElse(1);
        maxY = logY ? Math.pow(10, Math.ceil(Math.log10(maxY))) : niceCeiling(maxY);
        double floorY = logY ? Math.pow(10, Math.floor(Math.log10(minY))) : 0;
        double minX = Math.log10(xs.getFirst());
        double maxX = Math.log10(xs.getLast());
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        int ticks = logY ? (int) Math.round(Math.log10(maxY / floorY)) : 5;
        for (int i = 0; i <= ticks; i++) {
            double value = logY ? floorY * Math.pow(10, i) : maxY * i / 5;
            int y = TOP + plotH - (int) Math.round(plotH * i / (double) ticks);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, y + 4, format(value)));
        }
        for (int x : xs) {
            int px = xPixel(x, minX, maxX, plotW);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    px, TOP, px, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    px, TOP + plotH + 18, x));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 16, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotH / 2, escape(yLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, plotW, plotH));
        int index = 0;
        for (Map.Entry<String, Map<Integer, Double>> entry : series.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (int x : xs) {
                Double y = entry.getValue().get(x);
                if (y == null) {
                    continue;
                }
                int px = xPixel(x, minX, maxX, plotW);
                double fraction = logY ? Math.log10(y / floorY) / Math.log10(maxY / floorY) : y / maxY;
                int py = TOP + plotH - (int) Math.round(plotH * fraction);
                path.append(path.isEmpty() ? "M" : " L").append(px).append(' ').append(py);
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>%n", px, py, colour));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    path, colour));
            int ly = TOP + 10 + index * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotW + 16, ly, LEFT + plotW + 40, ly, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 46, ly + 4,
                    escape(entry.getKey())));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static int xPixel(int x, double minX, double maxX, int plotW) {
        double fraction = maxX == minX ? 0.5 : (Math.log10(x) - minX) / (maxX - minX);
        return LEFT + (int) Math.round(plotW * fraction);
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
