package io.eventweave.cli;

import io.eventweave.cli.input.EventInput;
import io.eventweave.cli.output.Json;
import io.eventweave.cli.summary.Objective;
import io.eventweave.cli.summary.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code summary}: what the services did, per target, policy and process, and whether the objectives of
 * {@code --slo} hold (exit 1 when one does not).
 */
final class SummaryCommand implements Command {
    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String summary() {
        return "calls, failures and latency per target; breakers, limiters, retries, fallbacks; losses; --slo";
    }

    @Override
    public String help() {
        return "Usage: summary [PATH...] [options]\n"
                + "\n"
                + "Per service and downstream target (server.address, server.port, method, url.path): calls,\n"
                + "failures, error rate, duration p50/p95/p99/max; the same per route served (http.route, else\n"
                + "url.path); per circuit breaker transitions, times opened, rejected calls, current state and time\n"
                + "in each state; per rate limiter acquired/waited/rejected and wait percentiles; per retry\n"
                + "will_retry/exhausted/succeeded; per fallback count and the error types that triggered it; per\n"
                + "bulkhead rejections; per process emitted/written/dropped and sequence gaps. Percentiles are\n"
                + "nearest-rank, within 1 % of the exact value.\n"
                + "\n"
                + "  --json           one JSON object: http_client, http_server, circuit_breakers, rate_limiters,\n"
                + "                   retries, fallbacks, bulkheads, processes, slo\n"
                + "  --slo OBJECTIVE  repeatable; METRIC OP VALUE with OP one of < <= > >= == !=. Exit 1 when one\n"
                + "                   does not hold. Metrics:\n"
                + "                     error_rate   failed HTTP requests (calls and served) / all, e.g. 'error_rate < 1%'\n"
                + "                     p50 p95 p99 max   HTTP request duration, e.g. 'p99 < 500ms'\n"
                + "                     dropped      events lost, all processes: 'dropped == 0'\n"
                + "                     gaps         missing event.sequence numbers: 'gaps == 0'\n"
                + "                     rejected     calls refused by breakers, rate limiters, bulkheads\n"
                + "                     fallbacks    fallback.invoke events: 'fallbacks == 0'\n"
                + "                     open_time    share of the time any breaker was open: 'open_time < 5%'\n"
                + "                   --where scopes them (e.g. \"server.address = 'payments'\").\n"
                + "\n" + InputOptions.HELP;
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, InputOptions.valued("slo"), Set.of("json"));
        List<Objective> objectives = new ArrayList<>();
        for (String slo : args.all("slo")) {
            objectives.add(Objective.parse(slo));
        }
        EventInput input = InputOptions.open(args, terminal, args.positional());
        java.util.Optional<Integer> batch = InputOptions.inBatchJvm(argv, from, input, args.positional(), terminal);
        if (batch.isPresent()) {
            return batch.get();
        }
        Summary summary = summaryOf(input);
        List<Map<String, Object>> results = new ArrayList<>();
        boolean allHold = true;
        for (Objective o : objectives) {
            double value = o.value(summary);
            boolean holds = o.holds(value);
            allHold &= holds;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("objective", o.text);
            r.put("metric", o.metric());
            r.put("value", value);
            r.put("unit", o.unit());
            r.put("ok", holds);
            results.add(r);
        }
        Map<String, Object> json = summary.toJson();
        json.put("slo", results);
        if (args.flag("json")) {
            PrintWriter w = new PrintWriter(terminal.out);
            Json.write(json, w, true);
            w.println();
            w.flush();
        } else {
            new SummaryText(terminal).print(json, objectives, results);
        }
        terminal.out.flush();
        input.reportBrokenLines(terminal.err);
        return allHold ? 0 : 1;
    }

    /**
     * The summary of {@code input}, read by one thread per processor: each keeps its own summary of the lines it
     * parsed, reading only {@link Summary#FIELDS}, and they are merged at the end.
     */
    static Summary summaryOf(EventInput input) throws IOException {
        List<Summary> parts = input.forEachInParallel(Summary.FIELDS, EventInput.parsingThreads(), Summary::new);
        Summary summary = parts.get(0);
        for (Summary part : parts.subList(1, parts.size())) {
            summary.merge(part);
        }
        return summary;
    }

    /** The readable form: one section per kind of thing, aligned columns. */
    static final class SummaryText {
        private final Terminal t;

        SummaryText(Terminal terminal) {
            this.t = terminal;
        }

        @SuppressWarnings("unchecked")
        void print(Map<String, Object> json, List<Objective> objectives, List<Map<String, Object>> results) {
            List<Map<String, Object>> client = (List<Map<String, Object>>) json.get("http_client");
            section("HTTP calls made (" + client.size() + " targets)", client,
                    new String[] {"service", "target", "method", "path", "calls", "failed", "err%", "p50 ms",
                        "p95 ms", "p99 ms", "max ms"},
                    o -> row(o.get("service.name"), o.get("server.address") + ":" + o.get("server.port"),
                            o.get("http.request.method"), o.get("url.path"), o.get("count"), o.get("failures"),
                            pct(o.get("error_rate")), d(o, "p50"), d(o, "p95"), d(o, "p99"), d(o, "max")));
            List<Map<String, Object>> served = (List<Map<String, Object>>) json.get("http_server");
            section("HTTP requests served (" + served.size() + " routes)", served,
                    new String[] {"service", "method", "route or path", "requests", "failed", "err%", "p50 ms",
                        "p95 ms", "p99 ms", "max ms"},
                    o -> row(o.get("service.name"), o.get("http.request.method"),
                            o.containsKey("http.route") ? o.get("http.route") : o.get("url.path"), o.get("count"),
                            o.get("failures"), pct(o.get("error_rate")), d(o, "p50"), d(o, "p95"), d(o, "p99"),
                            d(o, "max")));
            section("Circuit breakers", (List<Map<String, Object>>) json.get("circuit_breakers"),
                    new String[] {"service", "breaker", "state now", "transitions", "opened", "rejected",
                        "time in each state"},
                    o -> row(o.get("service.name"), o.get("circuit_breaker.name"), o.get("circuit_breaker.state"),
                            o.get("transitions"), o.get("opened"), o.get("rejected"),
                            states((Map<String, Double>) o.get("time_in_state_ms"))));
            section("Rate limiters", (List<Map<String, Object>>) json.get("rate_limiters"),
                    new String[] {"service", "limiter", "acquired", "waited", "rejected", "wait p95 ms",
                        "wait max ms"},
                    o -> row(o.get("service.name"), o.get("rate_limiter.name"), o.get("acquired"), o.get("waited"),
                            o.get("rejected"), ((Map<String, Object>) o.get("wait_ms")).get("p95"),
                            ((Map<String, Object>) o.get("wait_ms")).get("max")));
            section("Retries", (List<Map<String, Object>>) json.get("retries"),
                    new String[] {"service", "retry", "will_retry", "exhausted", "succeeded", "ignored"},
                    o -> row(o.get("service.name"), o.get("retry.name"), o.get("will_retry"), o.get("exhausted"),
                            o.get("succeeded"), o.get("ignored")));
            section("Fallbacks", (List<Map<String, Object>>) json.get("fallbacks"),
                    new String[] {"service", "fallback", "count", "failed", "triggered by"},
                    o -> row(o.get("service.name"), o.get("fallback.name"), o.get("count"), o.get("failures"),
                            counts((Map<String, Long>) o.get("error.type"))));
            section("Bulkheads", (List<Map<String, Object>>) json.get("bulkheads"),
                    new String[] {"service", "bulkhead", "rejected"},
                    o -> row(o.get("service.name"), o.get("bulkhead.name"), o.get("rejected")));
            section("Processes", (List<Map<String, Object>>) json.get("processes"),
                    new String[] {"service", "pid", "host", "lines", "emitted", "written", "dropped", "gaps",
                        "ended"},
                    o -> row(o.get("service.name"), o.get("process.pid"), o.get("host.name"), o.get("count"),
                            o.get("emitted"), o.get("written"), o.get("dropped"), o.get("gaps"),
                            Boolean.TRUE.equals(o.get("stopped")) ? "agent.stop" : "still running"));
            if (!results.isEmpty()) {
                t.out.println(t.paint("1", "Objectives"));
                for (int i = 0; i < results.size(); i++) {
                    Map<String, Object> r = results.get(i);
                    boolean ok = Boolean.TRUE.equals(r.get("ok"));
                    t.out.println("  " + (ok ? t.paint("32", "PASS") : t.paint("31", "FAIL")) + "  "
                            + objectives.get(i).text + "   (" + objectives.get(i).format((Double) r.get("value"))
                            + ")");
                }
            }
        }

        private interface RowOf {
            String[] of(Map<String, Object> o);
        }

        private void section(String title, List<Map<String, Object>> rows, String[] header, RowOf rowOf) {
            if (rows.isEmpty()) {
                return;
            }
            List<String[]> table = new ArrayList<>();
            table.add(header);
            for (Map<String, Object> o : rows) {
                table.add(rowOf.of(o));
            }
            int[] widths = new int[header.length];
            for (String[] r : table) {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            t.out.println(t.paint("1", title));
            for (int n = 0; n < table.size(); n++) {
                String[] r = table.get(n);
                StringBuilder line = new StringBuilder(" ");
                for (int i = 0; i < r.length; i++) {
                    boolean numeric = n > 0 && !r[i].isEmpty() && (Character.isDigit(r[i].charAt(0))
                            || r[i].charAt(0) == '-');
                    String pad = " ".repeat(widths[i] - r[i].length());
                    line.append(' ').append(numeric ? pad + r[i] : r[i] + (i < r.length - 1 ? pad : ""));
                }
                t.out.println(n == 0 ? t.paint("2", line.toString()) : line.toString());
            }
            t.out.println();
        }

        private static String[] row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = cells[i] == null ? "" : cells[i].toString();
            }
            return r;
        }

        @SuppressWarnings("unchecked")
        private static String d(Map<String, Object> o, String p) {
            Object v = ((Map<String, Object>) o.get("duration_ms")).get(p);
            return String.format(Locale.ROOT, "%.1f", ((Number) v).doubleValue());
        }

        private static String pct(Object rate) {
            return String.format(Locale.ROOT, "%.1f", 100 * ((Number) rate).doubleValue());
        }

        private static String states(Map<String, Double> ms) {
            StringBuilder s = new StringBuilder();
            ms.forEach((state, v) -> s.append(s.length() == 0 ? "" : ", ").append(state).append(' ')
                    .append(duration(v)));
            return s.toString();
        }

        static String duration(double ms) {
            if (ms < 1000) {
                return String.format(Locale.ROOT, "%.0f ms", ms);
            }
            if (ms < 120_000) {
                return String.format(Locale.ROOT, "%.1f s", ms / 1000);
            }
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000);
        }

        private static String counts(Map<String, Long> counts) {
            StringBuilder s = new StringBuilder();
            counts.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(" ×").append(v));
            return s.toString();
        }
    }
}
