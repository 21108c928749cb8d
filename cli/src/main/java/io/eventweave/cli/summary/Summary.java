package io.eventweave.cli.summary;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.Timestamps;
import io.eventweave.format.EventNames;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything {@code summary} reports, kept as events arrive (one pass, memory bounded by the number of distinct
 * targets, breakers and processes, not by the number of events): HTTP calls and requests served per target, each
 * resilience policy by name, and each process's accounting. {@link #toJson()} gives the structure of
 * {@code summary --json}: lists of objects keyed by the schema's own field names.
 */
public final class Summary {
    final Map<List<Object>, Requests> client = new LinkedHashMap<>();
    final Map<List<Object>, Requests> server = new LinkedHashMap<>();
    final Map<List<String>, BreakerHistory> breakers = new LinkedHashMap<>();
    final Map<List<String>, Limiter> limiters = new LinkedHashMap<>();
    final Map<List<String>, Map<String, Long>> retries = new LinkedHashMap<>();
    final Map<List<String>, Fallback> fallbacks = new LinkedHashMap<>();
    final Map<List<String>, long[]> bulkheads = new LinkedHashMap<>();
    final Map<String, Process> processes = new LinkedHashMap<>();
    /**
     * Most HTTP targets (or routes served) kept apart; past it a new path is counted as {@code (other paths)} of its
     * host, so that a client calling a million distinct paths cannot grow the summary without bound.
     */
    static final int MAX_TARGETS = 2_000;
    /** Every HTTP request (client and server) selected: the SLO's error rate and percentiles. */
    final Requests allRequests = new Requests();
    long events;

    /** One target's calls (or one route's requests served). */
    static final class Requests {
        long count;
        long failures;
        final Histogram durations = new Histogram();

        void add(EventRecord e) {
            count++;
            if ("failure".equals(e.text("event.outcome"))) {
                failures++;
            }
            long d = e.number("event.duration", -1);
            if (d >= 0) {
                durations.record(d);
            }
        }
    }

    static final class Limiter {
        final Map<String, Long> results = new LinkedHashMap<>();
        final Histogram waits = new Histogram();
    }

    static final class Fallback {
        long count;
        long failures;
        final Map<String, Long> errorTypes = new TreeMap<>();
    }

    /** A process: its identity, its time window, its sequence numbers and its last accounting line. */
    public static final class Process {
        public final String instanceId;
        String service;
        Long pid;
        String host;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
        final BitSet sequences = new BitSet();
        long duplicates;
        long lines;
        EventRecord lastAccounting;
        boolean stopped;

        Process(String instanceId) {
            this.instanceId = instanceId;
        }

        /** Numbers below the highest seen that no line has. */
        public long gaps() {
            int highest = sequences.length() - 1;
            return highest < 0 ? 0 : highest + 1 - sequences.cardinality();
        }
    }

    public void accept(EventRecord e) {
        events++;
        String name = e.text("event.name");
        String service = orUnknown(e.text("service.name"));
        long at = Timestamps.nanos(e.text("@timestamp"));
        Process process = process(e, service, at);
        if (name == null) {
            return;
        }
        switch (name) {
            case EventNames.HTTP_CLIENT_REQUEST:
                target(client, List.of(service, text(e, "server.address"), number(e, "server.port"),
                        text(e, "http.request.method"), text(e, "url.path"))).add(e);
                allRequests.add(e);
                break;
            case EventNames.HTTP_SERVER_REQUEST: {
                String route = e.text("http.route");
                target(server, List.of(service, text(e, "http.request.method"),
                        route != null ? "route:" + route : "path:" + text(e, "url.path"))).add(e);
                allRequests.add(e);
                break;
            }
            case EventNames.CIRCUIT_BREAKER_STATE_CHANGE:
                breaker(e, service).change(e, at);
                break;
            case EventNames.CIRCUIT_BREAKER_REJECTED:
                breaker(e, service).rejected();
                break;
            case EventNames.RATE_LIMITER_ACQUIRE: {
                Limiter l = limiters.computeIfAbsent(List.of(service, text(e, "rate_limiter.name")),
                        k -> new Limiter());
                l.results.merge(text(e, "rate_limiter.result"), 1L, Long::sum);
                long wait = e.number("rate_limiter.wait", -1);
                if (wait >= 0) {
                    l.waits.record(wait);
                }
                break;
            }
            case EventNames.RETRY_ATTEMPT:
                retries.computeIfAbsent(List.of(service, text(e, "retry.name")), k -> new LinkedHashMap<>())
                        .merge(text(e, "retry.result"), 1L, Long::sum);
                break;
            case EventNames.FALLBACK_INVOKE: {
                Fallback f = fallbacks.computeIfAbsent(List.of(service, text(e, "fallback.name")),
                        k -> new Fallback());
                f.count++;
                if ("failure".equals(e.text("event.outcome"))) {
                    f.failures++;
                }
                String error = e.text("error.type");
                f.errorTypes.merge(error == null ? "(none: a result)" : error, 1L, Long::sum);
                break;
            }
            case EventNames.BULKHEAD_REJECTED:
                bulkheads.computeIfAbsent(List.of(service, text(e, "bulkhead.name")), k -> new long[1])[0]++;
                break;
            case EventNames.AGENT_STATS:
                process.lastAccounting = e;
                break;
            case EventNames.AGENT_STOP:
                process.lastAccounting = e;
                process.stopped = true;
                break;
            default:
                break;
        }
    }

    private static Requests target(Map<List<Object>, Requests> targets, List<Object> key) {
        Requests r = targets.get(key);
        if (r != null) {
            return r;
        }
        if (targets.size() >= MAX_TARGETS) {
            List<Object> other = new ArrayList<>(key);
            int last = other.size() - 1;
            other.set(last, other.get(last).toString().startsWith("route:") ? "route:(other routes)"
                    : other.get(last).toString().startsWith("path:") ? "path:(other paths)" : "(other paths)");
            key = List.copyOf(other);
        }
        return targets.computeIfAbsent(key, k -> new Requests());
    }

    private Process process(EventRecord e, String service, long at) {
        String id = orUnknown(e.text("service.instance.id"));
        Process p = processes.computeIfAbsent(id, Process::new);
        p.service = service;
        if (p.pid == null) {
            Object pid = e.get("process.pid");
            p.pid = pid instanceof Long ? (Long) pid : null;
            p.host = e.text("host.name");
        }
        p.lines++;
        if (at != Timestamps.INVALID) {
            p.firstNanos = Math.min(p.firstNanos, at);
            p.lastNanos = Math.max(p.lastNanos, at);
        }
        long seq = e.number("event.sequence", -1);
        if (seq >= 0 && seq < Integer.MAX_VALUE) {
            if (p.sequences.get((int) seq)) {
                p.duplicates++;
            } else {
                p.sequences.set((int) seq);
            }
        }
        return p;
    }

    private BreakerHistory breaker(EventRecord e, String service) {
        String name = text(e, "circuit_breaker.name");
        return breakers.computeIfAbsent(List.of(service, name), k -> new BreakerHistory(service, name));
    }

    /**
     * The {@code n} busiest downstream hosts ({@code service → address:port}, every method and path together) and
     * routes served ({@code service ← route}), by requests, the busiest first, with their durations: what the
     * report charts ({@link #targetLabel} names an event's).
     */
    public Map<String, Histogram> busiestTargets(int n) {
        Map<String, Requests> merged = new LinkedHashMap<>();
        client.forEach((k, r) -> merge(merged, clientLabel(k.get(0), k.get(1), k.get(2)), r));
        server.forEach((k, r) -> {
            String where = (String) k.get(2);
            merge(merged, serverLabel(k.get(0), where.substring(where.indexOf(':') + 1)), r);
        });
        List<Map.Entry<String, Requests>> all = new ArrayList<>(merged.entrySet());
        all.sort((a, b) -> Long.compare(b.getValue().count, a.getValue().count));
        Map<String, Histogram> busiest = new LinkedHashMap<>();
        for (Map.Entry<String, Requests> e : all.subList(0, Math.min(n, all.size()))) {
            busiest.put(e.getKey(), e.getValue().durations);
        }
        return busiest;
    }

    private static void merge(Map<String, Requests> merged, String label, Requests r) {
        Requests into = merged.computeIfAbsent(label, k -> new Requests());
        into.count += r.count;
        into.failures += r.failures;
        into.durations.add(r.durations);
    }

    /** An HTTP event's host or route as {@link #busiestTargets} names it, or null for any other event. */
    public static String targetLabel(EventRecord e) {
        String name = e.text("event.name");
        if (EventNames.HTTP_CLIENT_REQUEST.equals(name)) {
            return clientLabel(orUnknown(e.text("service.name")), text(e, "server.address"),
                    number(e, "server.port"));
        }
        if (EventNames.HTTP_SERVER_REQUEST.equals(name)) {
            String route = e.text("http.route");
            return serverLabel(orUnknown(e.text("service.name")), route != null ? route : text(e, "url.path"));
        }
        return null;
    }

    private static String clientLabel(Object service, Object address, Object port) {
        return service + " → " + address + ":" + port;
    }

    private static String serverLabel(Object service, Object route) {
        return service + " ← " + route;
    }

    /** The whole window read: the first and the last event's time. */
    public long[] window() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Process p : processes.values()) {
            first = Math.min(first, p.firstNanos);
            last = Math.max(last, p.lastNanos);
        }
        return new long[] {first, last};
    }

    public Map<String, BreakerHistory> breakerHistories() {
        Map<String, BreakerHistory> all = new LinkedHashMap<>();
        for (BreakerHistory b : breakers.values()) {
            all.put(b.service + "/" + b.name, b);
        }
        return all;
    }

    /** A breaker's window: its process's first and last event (of every process of its service). */
    public long[] windowOf(BreakerHistory b) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Process p : processes.values()) {
            if (b.service.equals(p.service)) {
                first = Math.min(first, p.firstNanos);
                last = Math.max(last, p.lastNanos);
            }
        }
        return new long[] {first, last};
    }

    /**
     * The share of the window (percent) during which at least one breaker was open: the union of every breaker's
     * open intervals over the time from the first to the last event read.
     */
    public double openTimePercent() {
        long[] w = window();
        if (w[0] >= w[1]) {
            return 0;
        }
        List<long[]> open = new ArrayList<>();
        for (BreakerHistory b : breakers.values()) {
            long[] bw = windowOf(b);
            for (BreakerHistory.Interval i : b.intervals(bw[0], bw[1])) {
                if (BreakerHistory.isOpen(i.state)) {
                    open.add(new long[] {i.fromNanos, i.toNanos});
                }
            }
        }
        open.sort((a, b) -> Long.compare(a[0], b[0]));
        long covered = 0;
        long end = Long.MIN_VALUE;
        for (long[] i : open) {
            long from = Math.max(i[0], end);
            if (i[1] > from) {
                covered += i[1] - from;
            }
            end = Math.max(end, i[1]);
        }
        return 100.0 * covered / (w[1] - w[0]);
    }

    public long droppedTotal() {
        long dropped = 0;
        for (Process p : processes.values()) {
            dropped += accounting(p, "agent.events.dropped");
        }
        return dropped;
    }

    public long gapsTotal() {
        long gaps = 0;
        for (Process p : processes.values()) {
            gaps += p.gaps();
        }
        return gaps;
    }

    /** Calls refused: breakers' rejected calls, rate limiters' rejected permits, bulkheads' rejections. */
    public long rejectedTotal() {
        long n = 0;
        for (BreakerHistory b : breakers.values()) {
            n += b.rejectedCalls();
        }
        for (Limiter l : limiters.values()) {
            n += l.results.getOrDefault("rejected", 0L);
        }
        for (long[] b : bulkheads.values()) {
            n += b[0];
        }
        return n;
    }

    public long fallbacksTotal() {
        long n = 0;
        for (Fallback f : fallbacks.values()) {
            n += f.count;
        }
        return n;
    }

    static long accounting(Process p, String field) {
        return p.lastAccounting == null ? 0 : p.lastAccounting.number(field, 0);
    }

    private static String text(EventRecord e, String path) {
        String v = e.text(path);
        return v == null ? "" : v;
    }

    private static Object number(EventRecord e, String path) {
        Object v = e.get(path);
        return v == null ? "" : v;
    }

    private static String orUnknown(String v) {
        return v == null ? "unknown" : v;
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /** {@code summary --json}'s object, without {@code slo} (the command adds it). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", events);
        List<Object> http = new ArrayList<>();
        client.forEach((k, r) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", k.get(0));
            o.put("server.address", k.get(1));
            o.put("server.port", k.get(2));
            o.put("http.request.method", k.get(3));
            o.put("url.path", k.get(4));
            requests(o, r);
            http.add(o);
        });
        json.put("http_client", http);
        List<Object> served = new ArrayList<>();
        server.forEach((k, r) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", k.get(0));
            o.put("http.request.method", k.get(1));
            String where = (String) k.get(2);
            o.put(where.startsWith("route:") ? "http.route" : "url.path", where.substring(where.indexOf(':') + 1));
            requests(o, r);
            served.add(o);
        });
        json.put("http_server", served);
        List<Object> cbs = new ArrayList<>();
        for (BreakerHistory b : breakers.values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", b.service);
            o.put("circuit_breaker.name", b.name);
            o.put("count", (long) b.transitions());
            o.put("transitions", (long) b.transitions());
            o.put("opened", (long) b.timesOpened());
            o.put("rejected", b.rejectedCalls());
            o.put("circuit_breaker.state", b.currentState());
            long[] w = windowOf(b);
            o.put("time_in_state_ms", b.millisInStates(w[0], w[1]));
            cbs.add(o);
        }
        json.put("circuit_breakers", cbs);
        List<Object> rls = new ArrayList<>();
        limiters.forEach((k, l) -> {
            Map<String, Object> o = named(k, "rate_limiter.name");
            long count = 0;
            for (long n : l.results.values()) {
                count += n;
            }
            o.put("count", count);
            o.put("acquired", l.results.getOrDefault("acquired", 0L));
            o.put("waited", l.results.getOrDefault("waited", 0L));
            o.put("rejected", l.results.getOrDefault("rejected", 0L));
            o.put("failures", l.results.getOrDefault("rejected", 0L));
            o.put("wait_ms", percentiles(l.waits));
            rls.add(o);
        });
        json.put("rate_limiters", rls);
        List<Object> rts = new ArrayList<>();
        retries.forEach((k, results) -> {
            Map<String, Object> o = named(k, "retry.name");
            long count = 0;
            for (long n : results.values()) {
                count += n;
            }
            o.put("count", count);
            for (String r : List.of("will_retry", "exhausted", "succeeded", "ignored")) {
                o.put(r, results.getOrDefault(r, 0L));
            }
            o.put("failures", results.getOrDefault("exhausted", 0L));
            rts.add(o);
        });
        json.put("retries", rts);
        List<Object> fbs = new ArrayList<>();
        fallbacks.forEach((k, f) -> {
            Map<String, Object> o = named(k, "fallback.name");
            o.put("count", f.count);
            o.put("failures", f.failures);
            o.put("error.type", f.errorTypes);
            fbs.add(o);
        });
        json.put("fallbacks", fbs);
        List<Object> bhs = new ArrayList<>();
        bulkheads.forEach((k, n) -> {
            Map<String, Object> o = named(k, "bulkhead.name");
            o.put("count", n[0]);
            o.put("rejected", n[0]);
            bhs.add(o);
        });
        json.put("bulkheads", bhs);
        List<Object> ps = new ArrayList<>();
        for (Process p : processes.values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", p.service);
            o.put("service.instance.id", p.instanceId);
            o.put("process.pid", p.pid);
            o.put("host.name", p.host);
            o.put("count", p.lines);
            o.put("emitted", accounting(p, "agent.events.emitted"));
            o.put("written", accounting(p, "agent.events.written"));
            o.put("dropped", accounting(p, "agent.events.dropped"));
            o.put("gaps", p.gaps());
            o.put("duplicates", p.duplicates);
            o.put("stopped", p.stopped);
            o.put("first", p.firstNanos == Long.MAX_VALUE ? null : Timestamps.toInstant(p.firstNanos).toString());
            o.put("last", p.lastNanos == Long.MIN_VALUE ? null : Timestamps.toInstant(p.lastNanos).toString());
            ps.add(o);
        }
        json.put("processes", ps);
        return json;
    }

    private static Map<String, Object> named(List<String> key, String nameField) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("service.name", key.get(0));
        o.put(nameField, key.get(1));
        return o;
    }

    private static void requests(Map<String, Object> o, Requests r) {
        o.put("count", r.count);
        o.put("failures", r.failures);
        o.put("error_rate", r.count == 0 ? 0.0 : (double) r.failures / r.count);
        o.put("duration_ms", percentiles(r.durations));
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("p50", ms(h.percentile(50)));
        o.put("p95", ms(h.percentile(95)));
        o.put("p99", ms(h.percentile(99)));
        o.put("max", ms(h.max()));
        return o;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
