package io.eventweave.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG, drawn here rather than by a script library: the page needs no network and no
 * third-party code (nor its licence), prints and diffs well, and shows even with scripts off.
 */
final class Svg {
    static final int WIDTH = 900;
    static final int LEFT = 70;
    static final int RIGHT = 20;

    private Svg() {
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** x of {@code t} in {@code [from, to]} across the plot area. */
    static double x(long t, long from, long to) {
        double span = Math.max(1, to - from);
        return LEFT + (WIDTH - LEFT - RIGHT) * ((t - from) / span);
    }

    /** A time axis under a plot of height {@code y}: the start, middle and end as wall-clock times. */
    static void timeAxis(StringBuilder svg, long from, long to, int y) {
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\"/>");
        for (int i = 0; i <= 2; i++) {
            long t = from + (to - from) / 2 * i;
            String label = io.eventweave.cli.input.Timestamps.toInstant(t).toString();
            label = label.length() >= 23 ? label.substring(11, 23) : label;
            svg.append("<text class=\"tick\" x=\"").append(num(x(t, from, to))).append("\" y=\"").append(y + 14)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 1 ? "middle" : "end").append("\">")
                    .append(label).append("</text>");
        }
    }

    /** A polyline through {@code points} (x, y pairs), each also marked (a lone point shows too). */
    static void line(StringBuilder svg, String cssClass, List<double[]> points) {
        if (points.isEmpty()) {
            return;
        }
        for (double[] p : points) {
            svg.append("<circle class=\"").append(cssClass).append(" dot\" cx=\"").append(num(p[0]))
                    .append("\" cy=\"").append(num(p[1])).append("\" r=\"2.5\"/>");
        }
        svg.append("<polyline class=\"").append(cssClass).append("\" points=\"");
        for (double[] p : points) {
            svg.append(num(p[0])).append(',').append(num(p[1])).append(' ');
        }
        svg.append("\"/>");
    }
}
