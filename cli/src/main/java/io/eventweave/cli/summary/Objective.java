package io.eventweave.cli.summary;

import io.eventweave.cli.UsageException;
import io.eventweave.cli.filter.Filter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --slo} objective: {@code METRIC OP VALUE}, checked against a {@link Summary}. Latency and error rate are
 * over the HTTP requests selected (calls made and requests served; {@code --where} scopes them); the loss metrics
 * over every process read.
 */
public final class Objective {
    /** The metrics an objective may name, and what each is. */
    static final Map<String, String> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("error_rate", "failed HTTP requests / HTTP requests, a percentage (1%)");
        METRICS.put("p50", "HTTP request duration, nearest-rank percentile (500ms)");
        METRICS.put("p95", "");
        METRICS.put("p99", "");
        METRICS.put("max", "");
        METRICS.put("dropped", "events lost (agent.events.dropped of the last agent.stats or agent.stop), all processes");
        METRICS.put("gaps", "missing event.sequence numbers, all processes");
        METRICS.put("rejected", "calls refused by a circuit breaker, rate limiter or bulkhead");
        METRICS.put("fallbacks", "fallback.invoke events");
        METRICS.put("open_time", "share of the time read during which any circuit breaker was open (5%)");
    }

    private static final List<String> OPERATORS = List.of("<=", ">=", "==", "!=", "<", ">", "=");

    public final String text;
    final String metric;
    final String operator;
    /** The bound, in the metric's unit: a percentage, milliseconds, or a count. */
    final double bound;

    private Objective(String text, String metric, String operator, double bound) {
        this.text = text;
        this.metric = metric;
        this.operator = operator;
        this.bound = bound;
    }

    public static Objective parse(String text) throws UsageException {
        String t = text.trim();
        for (String op : OPERATORS) {
            int at = t.indexOf(op);
            if (at <= 0) {
                continue;
            }
            String metric = t.substring(0, at).trim().toLowerCase(Locale.ROOT);
            String value = t.substring(at + op.length()).trim();
            if (!METRICS.containsKey(metric)) {
                break;
            }
            return new Objective(t, metric, op.equals("=") ? "==" : op, bound(metric, value, text));
        }
        throw new UsageException("summary --slo '" + text + "': write METRIC OP VALUE, METRIC one of "
                + String.join(", ", METRICS.keySet()) + ", OP one of < <= > >= == !=, e.g. 'p99 < 500ms'");
    }

    private static double bound(String metric, String value, String text) throws UsageException {
        try {
            switch (metric) {
                case "error_rate":
                case "open_time":
                    if (!value.endsWith("%")) {
                        throw new UsageException("summary --slo '" + text + "': " + metric
                                + " is a percentage, e.g. 1% or 0.5%");
                    }
                    return Double.parseDouble(value.substring(0, value.length() - 1).trim());
                case "p50":
                case "p95":
                case "p99":
                case "max":
                    return Filter.parseDurationNanos(value) / 1e6;
                default:
                    return Long.parseLong(value);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("summary --slo '" + text + "': '" + value + "' is not a "
                    + (metric.startsWith("p") || metric.equals("max") ? "duration such as 500ms"
                            : "whole number"));
        }
    }

    /** The metric's value in {@code summary}, in the bound's unit. */
    public double value(Summary summary) {
        Summary.Requests r = summary.allRequests;
        switch (metric) {
            case "error_rate":
                return r.count == 0 ? 0 : 100.0 * r.failures / r.count;
            case "p50":
                return Summary.ms(r.durations.percentile(50));
            case "p95":
                return Summary.ms(r.durations.percentile(95));
            case "p99":
                return Summary.ms(r.durations.percentile(99));
            case "max":
                return Summary.ms(r.durations.max());
            case "dropped":
                return summary.droppedTotal();
            case "gaps":
                return summary.gapsTotal();
            case "rejected":
                return summary.rejectedTotal();
            case "fallbacks":
                return summary.fallbacksTotal();
            default:
                return summary.openTimePercent();
        }
    }

    public boolean holds(double value) {
        switch (operator) {
            case "<":
                return value < bound;
            case "<=":
                return value <= bound;
            case ">":
                return value > bound;
            case ">=":
                return value >= bound;
            case "==":
                return value == bound;
            default:
                return value != bound;
        }
    }

    /** The value as the objective writes it: {@code 0.42%}, {@code 312.5ms}, {@code 3}. */
    public String format(double value) {
        switch (metric) {
            case "error_rate":
            case "open_time":
                return String.format(Locale.ROOT, "%.3g%%", value);
            case "p50":
            case "p95":
            case "p99":
            case "max":
                return String.format(Locale.ROOT, "%.3fms", value);
            default:
                return Long.toString((long) value);
        }
    }

    public String unit() {
        switch (metric) {
            case "error_rate":
            case "open_time":
                return "percent";
            case "p50":
            case "p95":
            case "p99":
            case "max":
                return "ms";
            default:
                return "count";
        }
    }

    public String metric() {
        return metric;
    }
}
