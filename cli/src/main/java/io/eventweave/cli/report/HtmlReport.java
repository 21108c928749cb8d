package io.eventweave.cli.report;

import static io.eventweave.cli.report.Svg.escape;
import static io.eventweave.cli.report.Svg.num;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.Timestamps;
import io.eventweave.cli.summary.BreakerHistory;
import io.eventweave.cli.summary.Histogram;
import io.eventweave.cli.summary.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report}: one self-contained HTML page (styles and one small script inline, no network): each circuit
 * breaker's states as a band over time, latency percentiles over time and a latency histogram for the busiest
 * hosts called and routes served, the error, fallback, rate limiter and retry tables, and the loss accounting. Made in two passes over the
 * input: the {@link Summary} first (the window, the targets, the tables), then each busy target's durations by time
 * slice ({@link #slices}).
 */
public final class HtmlReport {
    /** Targets (calls made or requests served) charted, the busiest first. */
    static final int CHARTED_TARGETS = 6;
    /** Time slices of a latency-over-time chart. */
    static final int SLICES = 60;
    /** Bins of a latency histogram, log-spaced from the fastest to the slowest call. */
    static final int BINS = 24;

    private final Summary summary;
    private final Map<String, Object> json;
    private final long from;
    private final long to;
    /** Charted targets by label: [0] per-slice histograms, [1] bins. */
    private final Map<String, Target> targets = new LinkedHashMap<>();

    /** One charted target: its durations per time slice and per log-spaced bin. */
    static final class Target {
        final String label;
        final Histogram all;
        final Histogram[] slices = new Histogram[SLICES];
        final long[] bins = new long[BINS];

        Target(String label, Histogram all) {
            this.label = label;
            this.all = all;
        }
    }

    /** After the first pass: the summary of everything selected. */
    public HtmlReport(Summary summary) {
        this.summary = summary;
        this.json = summary.toJson();
        long[] window = summary.window();
        this.from = window[0];
        this.to = Math.max(window[1], window[0] + 1);
        for (Map.Entry<String, Histogram> t : summary.busiestTargets(CHARTED_TARGETS).entrySet()) {
            targets.put(t.getKey(), new Target(t.getKey(), t.getValue()));
        }
    }

    /** The second pass: each charted target's durations by time slice and bin. */
    public void slices(EventRecord e) {
        String label = Summary.targetLabel(e);
        Target t = label == null ? null : targets.get(label);
        long d = e.number("event.duration", -1);
        long at = e.timestampNanos();
        if (t == null || d < 0 || at == Timestamps.INVALID) {
            return;
        }
        int slice = (int) Math.min(SLICES - 1, Math.max(0, (at - from) * SLICES / (to - from)));
        if (t.slices[slice] == null) {
            t.slices[slice] = new Histogram();
        }
        t.slices[slice].record(d);
        t.bins[bin(d, t.all.min(), t.all.max())]++;
    }

    static int bin(long d, long min, long max) {
        if (max <= min) {
            return 0;
        }
        double lo = Math.log(Math.max(1, min));
        double hi = Math.log(Math.max(2, max));
        double f = (Math.log(Math.max(1, d)) - lo) / (hi - lo);
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor(f * BINS)));
    }

    @SuppressWarnings("unchecked")
    public String html(String title) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n<p class=\"window\">")
                .append(Timestamps.toInstant(from)).append(" to ").append(Timestamps.toInstant(to)).append(", ")
                .append(json.get("events")).append(" events from ")
                .append(((List<?>) json.get("processes")).size()).append(" process(es)</p>\n");
        breakers(h);
        latency(h);
        table(h, "Calls made", (List<Map<String, Object>>) json.get("http_client"),
                new String[] {"service.name", "server.address", "server.port", "http.request.method", "url.path",
                    "count", "failures", "error_rate", "duration_ms"});
        table(h, "Requests served", (List<Map<String, Object>>) json.get("http_server"),
                new String[] {"service.name", "http.request.method", "http.route", "url.path", "count", "failures",
                    "error_rate", "duration_ms"});
        table(h, "Fallbacks", (List<Map<String, Object>>) json.get("fallbacks"),
                new String[] {"service.name", "fallback.name", "count", "failures", "error.type"});
        table(h, "Rate limiters", (List<Map<String, Object>>) json.get("rate_limiters"),
                new String[] {"service.name", "rate_limiter.name", "acquired", "waited", "rejected", "wait_ms"});
        table(h, "Retries", (List<Map<String, Object>>) json.get("retries"),
                new String[] {"service.name", "retry.name", "will_retry", "exhausted", "succeeded", "ignored"});
        table(h, "Bulkheads", (List<Map<String, Object>>) json.get("bulkheads"),
                new String[] {"service.name", "bulkhead.name", "rejected"});
        table(h, "Loss accounting", (List<Map<String, Object>>) json.get("processes"),
                new String[] {"service.name", "process.pid", "host.name", "count", "emitted", "written", "dropped",
                    "gaps", "stopped"});
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void breakers(StringBuilder h) {
        List<BreakerHistory> all = new ArrayList<>(summary.breakerHistories().values());
        h.append("<h2>Circuit breakers</h2>\n");
        if (all.isEmpty()) {
            h.append("<p class=\"none\">No circuit breaker changed state.</p>\n");
            return;
        }
        int rowHeight = 28;
        int height = all.size() * rowHeight + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart bands\" width=\"").append(Svg.WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"circuit breaker states over time\">");
        int y = 10;
        for (BreakerHistory b : all) {
            long[] w = summary.windowOf(b);
            svg.append("<text class=\"label\" x=\"").append(Svg.LEFT - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(escape(b.name)).append("</text>");
            for (BreakerHistory.Interval i : b.intervals(w[0], w[1])) {
                double x0 = Svg.x(i.fromNanos, from, to);
                double x1 = Math.max(x0 + 1, Svg.x(i.toNanos, from, to));
                svg.append("<rect class=\"band ").append(escape(i.state)).append("\" x=\"").append(num(x0))
                        .append("\" y=\"").append(y).append("\" width=\"").append(num(x1 - x0))
                        .append("\" height=\"20\"><title>").append(escape(b.service)).append(" / ")
                        .append(escape(b.name)).append(": ").append(escape(i.state)).append(" for ")
                        .append(num((i.toNanos - i.fromNanos) / 1e6)).append(" ms from ")
                        .append(Timestamps.toInstant(i.fromNanos)).append("</title></rect>");
            }
            y += rowHeight;
        }
        Svg.timeAxis(svg, from, to, y + 2);
        svg.append("</svg>");
        h.append(svg).append("\n<p class=\"legend\"><span class=\"key closed\"></span>closed "
                + "<span class=\"key open\"></span>open <span class=\"key half_open\"></span>half-open "
                + "<span class=\"key other\"></span>other</p>\n");
    }

    private void latency(StringBuilder h) {
        h.append("<h2>Latency of the busiest hosts called and routes served</h2>\n");
        if (targets.isEmpty()) {
            h.append("<p class=\"none\">No HTTP request in what was read.</p>\n");
            return;
        }
        for (Target t : targets.values()) {
            h.append("<h3>").append(escape(t.label)).append("</h3>\n<div class=\"pair\">");
            overTime(h, t);
            histogram(h, t);
            h.append("</div>\n");
        }
    }

    /** p50, p95 and p99 per time slice. */
    private void overTime(StringBuilder h, Target t) {
        int height = 180;
        int plot = height - 30;
        double top = Math.max(1, t.all.max()) / 1e6;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart latency\" width=\"").append(Svg.WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"latency over time\">");
        svg.append("<text class=\"tick\" x=\"").append(Svg.LEFT - 6).append("\" y=\"14\" text-anchor=\"end\">")
                .append(num(top)).append(" ms</text><text class=\"tick\" x=\"").append(Svg.LEFT - 6).append("\" y=\"")
                .append(plot).append("\" text-anchor=\"end\">0</text>");
        String[] classes = {"p50", "p95", "p99"};
        double[] ps = {50, 95, 99};
        for (int k = 0; k < ps.length; k++) {
            List<double[]> points = new ArrayList<>();
            for (int s = 0; s < SLICES; s++) {
                Histogram slice = t.slices[s];
                if (slice != null) {
                    long mid = from + (to - from) * (2L * s + 1) / (2L * SLICES);
                    double ms = slice.percentile(ps[k]) / 1e6;
                    points.add(new double[] {Svg.x(mid, from, to), plot - (plot - 8) * Math.min(1, ms / top)});
                }
            }
            Svg.line(svg, "series " + classes[k], points);
        }
        Svg.timeAxis(svg, from, to, plot + 2);
        svg.append("</svg>");
        h.append(svg);
        h.append("<p class=\"legend\"><span class=\"key p50\"></span>p50 <span class=\"key p95\"></span>p95 "
                + "<span class=\"key p99\"></span>p99, per 1/60 of the time read</p>");
    }

    /** Calls per log-spaced duration bin. */
    private void histogram(StringBuilder h, Target t) {
        int width = Svg.WIDTH;
        int height = 150;
        int plot = height - 30;
        long most = 1;
        for (long b : t.bins) {
            most = Math.max(most, b);
        }
        double barWidth = (width - Svg.LEFT - Svg.RIGHT) / (double) BINS;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart histogram\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"latency histogram\">");
        double lo = Math.log(Math.max(1, t.all.min()));
        double hi = Math.log(Math.max(2, t.all.max()));
        for (int i = 0; i < BINS; i++) {
            double barHeight = (plot - 8) * (t.bins[i] / (double) most);
            double x = Svg.LEFT + i * barWidth;
            double edge = Math.exp(lo + (hi - lo) * i / BINS) / 1e6;
            svg.append("<rect class=\"bar\" x=\"").append(num(x + 1)).append("\" y=\"").append(num(plot - barHeight))
                    .append("\" width=\"").append(num(barWidth - 2)).append("\" height=\"").append(num(barHeight))
                    .append("\"><title>").append(t.bins[i]).append(" calls from ")
                    .append(String.format(Locale.ROOT, "%.3g", edge)).append(" ms</title></rect>");
        }
        svg.append("<line class=\"axis\" x1=\"").append(Svg.LEFT).append("\" y1=\"").append(plot).append("\" x2=\"")
                .append(width - Svg.RIGHT).append("\" y2=\"").append(plot).append("\"/>");
        svg.append("<text class=\"tick\" x=\"").append(Svg.LEFT).append("\" y=\"").append(plot + 14).append("\">")
                .append(num(t.all.min() / 1e6)).append(" ms</text><text class=\"tick\" x=\"").append(width - Svg.RIGHT)
                .append("\" y=\"").append(plot + 14).append("\" text-anchor=\"end\">").append(num(t.all.max() / 1e6))
                .append(" ms (log scale)</text>");
        svg.append("</svg>");
        h.append(svg);
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder h, String title, List<Map<String, Object>> rows, String[] columns) {
        h.append("<h2>").append(escape(title)).append("</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"none\">None.</p>\n");
            return;
        }
        h.append("<table><thead><tr>");
        for (String c : columns) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (Map<String, Object> row : rows) {
            boolean failing = row.get("failures") instanceof Long && (Long) row.get("failures") > 0
                    || row.get("dropped") instanceof Long && (Long) row.get("dropped") > 0
                    || row.get("gaps") instanceof Long && (Long) row.get("gaps") > 0;
            h.append(failing ? "<tr class=\"failing\">" : "<tr>");
            for (String c : columns) {
                Object v = row.get(c);
                String text;
                if (v instanceof Map) {
                    StringBuilder s = new StringBuilder();
                    ((Map<String, Object>) v).forEach((k, x) -> s.append(s.length() == 0 ? "" : ", ").append(k)
                            .append(' ').append(x));
                    text = s.toString();
                } else if (c.equals("error_rate") && v instanceof Double) {
                    text = String.format(Locale.ROOT, "%.1f %%", 100 * (Double) v);
                } else {
                    text = v == null ? "" : v.toString();
                }
                h.append("<td>").append(escape(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static final String STYLE = ""
            + "body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:980px}"
            + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:14px;margin:16px 0 4px}"
            + ".window,.legend,.none{color:#666}"
            + "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}"
            + "th{background:#f4f4f4}tr.failing td{background:#fff1f0}"
            + ".axis{stroke:#999}.tick,.label{font-size:11px;fill:#555}"
            + ".band.closed,.key.closed{fill:#3c9a4b;background:#3c9a4b}"
            + ".band.open,.band.forced_open,.key.open{fill:#d64541;background:#d64541}"
            + ".band.half_open,.key.half_open{fill:#e6a23c;background:#e6a23c}"
            + ".band,.key.other{fill:#9e9e9e;background:#9e9e9e}"
            + ".series{fill:none;stroke-width:2}.series.p50,.key.p50{stroke:#3b82f6;background:#3b82f6}"
            + ".series.p95,.key.p95{stroke:#f59e0b;background:#f59e0b}.series.p99,.key.p99{stroke:#dc2626;background:#dc2626}"
            + ".dot.p50{fill:#3b82f6}.dot.p95{fill:#f59e0b}.dot.p99{fill:#dc2626}"
            + ".bar{fill:#6b7280}.key{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}";

    /** Marks the page drawn: the number of charts whose SVG has a non-empty box (what the Chromium test reads). */
    private static final String SCRIPT = ""
            + "document.addEventListener('DOMContentLoaded',function(){var drawn=0;"
            + "document.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBBox();"
            + "if(b.width>0&&b.height>0){drawn++;}});document.body.setAttribute('data-charts-drawn',String(drawn));});";
}
