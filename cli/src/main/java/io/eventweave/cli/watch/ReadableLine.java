package io.eventweave.cli.watch;

import io.eventweave.cli.Terminal;
import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.output.Rows;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One event as one line a person reads: time, service, kind, the fields that matter for that kind, duration, outcome.
 * {@code 23:58:39.190 checkout  circuit_breaker.state_change  pricing closed → open}.
 */
public final class ReadableLine {
    private static final Set<String> ENVELOPE = Set.of("@timestamp", "event", "trace", "span", "service", "host",
            "process", "schema");

    private ReadableLine() {
    }

    public static String of(EventRecord e, Terminal t) {
        String at = e.text("@timestamp");
        String time = at != null && at.length() >= 23 && at.charAt(10) == 'T' ? at.substring(11, 23) : at;
        String name = String.valueOf(e.text("event.name"));
        StringBuilder s = new StringBuilder();
        s.append(t.paint("2", time)).append(' ').append(pad(e.text("service.name"), 12)).append(' ')
                .append(t.paint("1", pad(name, 28))).append(' ').append(fields(e, name));
        long duration = e.number("event.duration", -1);
        if (duration >= 0) {
            s.append("  ").append(duration(duration));
        }
        String outcome = e.text("event.outcome");
        if (outcome != null) {
            s.append("  ").append(t.paint("failure".equals(outcome) ? "31" : "32", outcome));
        }
        String error = e.text("error.type");
        if (error != null) {
            s.append(' ').append(t.paint("31", error));
        }
        return s.toString();
    }

    private static String fields(EventRecord e, String name) {
        switch (name) {
            case "http.client.request":
                return join(e.text("http.request.method"), e.text("server.address") + ":" + e.text("server.port")
                        + or(e.text("url.path"), ""), e.text("http.response.status_code"));
            case "http.server.request":
                return join(e.text("http.request.method"), or(e.text("http.route"), e.text("url.path")),
                        e.text("http.response.status_code"));
            case "circuit_breaker.state_change":
                return join(e.text("circuit_breaker.name"), e.text("circuit_breaker.previous_state"), "→",
                        e.text("circuit_breaker.state"));
            case "circuit_breaker.rejected":
                return join(e.text("circuit_breaker.name"), "refused a call while", e.text("circuit_breaker.state"));
            case "rate_limiter.acquire": {
                long wait = e.number("rate_limiter.wait", -1);
                return join(e.text("rate_limiter.name"), e.text("rate_limiter.result"),
                        wait > 0 ? "after " + duration(wait) : null);
            }
            case "retry.attempt":
                return join(e.text("retry.name"), "attempt " + e.text("retry.attempt"), e.text("retry.result"));
            case "bulkhead.rejected":
                return join(e.text("bulkhead.name"), "refused a call");
            case "time_limiter.timeout":
                return join(e.text("time_limiter.name"), "timed out");
            case "fallback.invoke":
                return join(e.text("fallback.name"));
            case "agent.start":
                return join("version " + e.text("agent.version"), "writing " + e.text("agent.output.path"));
            case "agent.stats":
            case "agent.stop":
                return join("emitted " + e.text("agent.events.emitted"), "written " + e.text("agent.events.written"),
                        "dropped " + e.text("agent.events.dropped"));
            case "agent.file":
                return join("file " + e.text("agent.output.file.number"), e.text("agent.output.path"));
            default:
                return others(e);
        }
    }

    /** An application's own kind: its non-envelope fields, compact. */
    private static String others(EventRecord e) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Object> field : e.root().entrySet()) {
            if (!ENVELOPE.contains(field.getKey())) {
                s.append(s.length() == 0 ? "" : " ").append(field.getKey()).append('=')
                        .append(Rows.text(field.getValue()));
            }
        }
        return s.toString();
    }

    private static String join(String... parts) {
        StringBuilder s = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty() && !p.equals("null")) {
                s.append(s.length() == 0 ? "" : " ").append(p);
            }
        }
        return s.toString();
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static String pad(String s, int width) {
        String v = s == null ? "-" : s;
        return v.length() >= width ? v : v + " ".repeat(width - v.length());
    }

    static String duration(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fµs", nanos / 1e3);
        }
        if (nanos < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
