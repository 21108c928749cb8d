package io.eventweave.cli.summary;

import io.eventweave.cli.input.EventView;
import io.eventweave.cli.input.Timestamps;
import io.eventweave.format.EventNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything {@code summary} reports, kept as events arrive (one pass, memory bounded by the number of distinct
 * targets, breakers and processes, not by the number of events): HTTP calls and requests served per target, each
 * resilience policy by name, and each process's accounting. {@link #toJson()} gives the structure of
 * {@code summary --json}: lists of objects keyed by the schema's own field names.
 */
public final class Summary implements Consumer<EventView> {
    final Map<List<Object>, Requests> client = new HashMap<>();
    final Map<List<Object>, Requests> server = new HashMap<>();
    /** The look-up keys, filled again for each event (no key is made for an entry already there). */
    private final Key clientProbe = Key.probe(5);
    private final Key serverProbe = Key.probe(3);
    private final Key policyProbe = Key.probe(2);
    /** The last ports seen, boxed once: a key's port without a new {@code Long} per event. */
    private final Long[] ports = new Long[64];
    final Map<List<Object>, BreakerHistory> breakers = new HashMap<>();
    final Map<List<Object>, Limiter> limiters = new HashMap<>();
    final Map<List<Object>, Retry> retries = new HashMap<>();
    final Map<List<Object>, Fallback> fallbacks = new HashMap<>();
    final Map<List<Object>, Bulkhead> bulkheads = new HashMap<>();
    final Map<String, Process> processes = new HashMap<>();
    /**
     * Most HTTP targets (or routes served) kept apart; past it a new path is counted as {@code (other paths)} of its
     * host, so that a client calling a million distinct paths cannot grow the summary without bound. Several readers
     * each keep this many, and their merge keeps the ones first seen earliest.
     */
    static final int MAX_TARGETS = 2_000;
    /** Every HTTP request (client and server) selected: the SLO's error rate and percentiles. */
    final Requests allRequests = new Requests();
    long events;

    /**
     * Every field {@link #accept} reads: what the fast path of {@code summary} takes from each line
     * ({@link io.eventweave.cli.input.FieldsEvent}).
     */
    public static final List<String> FIELDS = List.of("@timestamp", "event.name", "event.sequence", "event.outcome",
            "event.duration", "service.name", "service.instance.id", "process.pid", "host.name", "server.address",
            "server.port", "http.request.method", "url.path", "http.route", "circuit_breaker.name",
            "circuit_breaker.state", "circuit_breaker.previous_state", "rate_limiter.name", "rate_limiter.result",
            "rate_limiter.wait", "retry.name", "retry.result", "fallback.name", "error.type", "bulkhead.name",
            "agent.events.emitted", "agent.events.written", "agent.events.dropped");

    /**
     * What every entry of the summary keeps: when it was first seen (its first event's time). Entries are listed in
     * that order, then by name, whatever order the lines were read in (one reader or several).
     */
    abstract static class Seen {
        long first = Long.MAX_VALUE;

        void seen(long atNanos) {
            if (atNanos != Timestamps.INVALID) {
                first = Math.min(first, atNanos);
            }
        }
    }

    /** One target's calls (or one route's requests served). */
    static final class Requests extends Seen {
        long count;
        long failures;
        final Histogram durations = new Histogram();

        void add(EventView e, long at) {
            seen(at);
            count++;
            if ("failure".equals(e.text("event.outcome"))) {
                failures++;
            }
            long d = e.number("event.duration", -1);
            if (d >= 0) {
                durations.record(d);
            }
        }

        void add(Requests other) {
            first = Math.min(first, other.first);
            count += other.count;
            failures += other.failures;
            durations.add(other.durations);
        }
    }

    static final class Limiter extends Seen {
        final Counts results = new Counts(false);
        final Histogram waits = new Histogram();
    }

    static final class Retry extends Seen {
        final Counts results = new Counts(false);
    }

    static final class Fallback extends Seen {
        long count;
        long failures;
        final Counts errorTypes = new Counts(true);
    }

    static final class Bulkhead extends Seen {
        long rejected;
    }

    /** A process: its identity, its time window, its sequence numbers and its last accounting line. */
    public static final class Process {
        public final String instanceId;
        String service;
        Long pid;
        String host;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
        final SequenceSet sequences = new SequenceSet();
        long lines;
        /**
         * The accounting of its last {@code agent.stats} or {@code agent.stop} (the one of the highest
         * {@code event.sequence}): emitted, written, dropped.
         */
        long accountingSequence = Long.MIN_VALUE;
        final long[] accounting = new long[3];
        boolean stopped;

        Process(String instanceId) {
            this.instanceId = instanceId;
        }

        /** Numbers below the highest seen that no line has. */
        public long gaps() {
            return sequences.gaps();
        }

        long duplicates() {
            return sequences.duplicates();
        }

        void account(EventView e, long sequence) {
            if (sequence >= accountingSequence) {
                accountingSequence = sequence;
                accounting[0] = e.number("agent.events.emitted", 0);
                accounting[1] = e.number("agent.events.written", 0);
                accounting[2] = e.number("agent.events.dropped", 0);
            }
        }

        void add(Process other) {
            if (service == null) {
                service = other.service;
            }
            if (pid == null) {
                pid = other.pid;
                host = other.host;
            }
            firstNanos = Math.min(firstNanos, other.firstNanos);
            lastNanos = Math.max(lastNanos, other.lastNanos);
            sequences.addAll(other.sequences);
            lines += other.lines;
            if (other.accountingSequence >= accountingSequence) {
                accountingSequence = other.accountingSequence;
                System.arraycopy(other.accounting, 0, accounting, 0, accounting.length);
            }
            stopped |= other.stopped;
        }
    }

    @Override
    public void accept(EventView e) {
        events++;
        String name = e.text("event.name");
        String service = orUnknown(e.text("service.name"));
        long at = e.timestampNanos();
        long sequence = e.number("event.sequence", -1);
        Process process = process(e, service, at, sequence);
        if (name == null) {
            return;
        }
        // one small method per kind: the JIT compiles each on its own, soon, rather than one large method late
        switch (name) {
            case EventNames.HTTP_CLIENT_REQUEST:
                clientRequest(e, service, at);
                break;
            case EventNames.HTTP_SERVER_REQUEST:
                serverRequest(e, service, at);
                break;
            case EventNames.CIRCUIT_BREAKER_STATE_CHANGE:
                breaker(e, service).change(e, at);
                break;
            case EventNames.CIRCUIT_BREAKER_REJECTED:
                breaker(e, service).rejected(at);
                break;
            case EventNames.RATE_LIMITER_ACQUIRE:
                limiter(e, service, at);
                break;
            case EventNames.RETRY_ATTEMPT:
                retry(e, service, at);
                break;
            case EventNames.FALLBACK_INVOKE:
                fallback(e, service, at);
                break;
            case EventNames.BULKHEAD_REJECTED:
                bulkhead(e, service, at);
                break;
            case EventNames.AGENT_STATS:
                process.account(e, sequence);
                break;
            case EventNames.AGENT_STOP:
                process.account(e, sequence);
                process.stopped = true;
                break;
            default:
                break;
        }
    }

    private void clientRequest(EventView e, String service, long at) {
        target(client, clientProbe.set(service, text(e, "server.address"), port(e), text(e, "http.request.method"),
                text(e, "url.path"))).add(e, at);
        allRequests.add(e, at);
    }

    private void serverRequest(EventView e, String service, long at) {
        String route = e.text("http.route");
        target(server, serverProbe.set(service, text(e, "http.request.method"),
                route != null ? prefixed("route:", route) : prefixed("path:", text(e, "url.path")))).add(e, at);
        allRequests.add(e, at);
    }

    /** {@code server.port} as a key part: a Long, or "" when there is none (not a number: its text). */
    private Object port(EventView e) {
        long port = e.number("server.port", Long.MIN_VALUE);
        if (port == Long.MIN_VALUE) {
            return number(e, "server.port");
        }
        int index = (int) (port & (ports.length - 1));
        Long boxed = ports[index];
        if (boxed == null || boxed != port) {
            boxed = port;
            ports[index] = boxed;
        }
        return boxed;
    }

    private void limiter(EventView e, String service, long at) {
        Key key = policyProbe.set(service, text(e, "rate_limiter.name"));
        Limiter l = limiters.get(key);
        if (l == null) {
            l = new Limiter();
            limiters.put(key.copy(), l);
        }
        l.seen(at);
        l.results.add(text(e, "rate_limiter.result"), 1);
        long wait = e.number("rate_limiter.wait", -1);
        if (wait >= 0) {
            l.waits.record(wait);
        }
    }

    private void retry(EventView e, String service, long at) {
        Key key = policyProbe.set(service, text(e, "retry.name"));
        Retry r = retries.get(key);
        if (r == null) {
            r = new Retry();
            retries.put(key.copy(), r);
        }
        r.seen(at);
        r.results.add(text(e, "retry.result"), 1);
    }

    private void fallback(EventView e, String service, long at) {
        Key key = policyProbe.set(service, text(e, "fallback.name"));
        Fallback f = fallbacks.get(key);
        if (f == null) {
            f = new Fallback();
            fallbacks.put(key.copy(), f);
        }
        f.seen(at);
        f.count++;
        if ("failure".equals(e.text("event.outcome"))) {
            f.failures++;
        }
        String error = e.text("error.type");
        f.errorTypes.add(error == null ? "(none: a result)" : error, 1);
    }

    private void bulkhead(EventView e, String service, long at) {
        Key key = policyProbe.set(service, text(e, "bulkhead.name"));
        Bulkhead b = bulkheads.get(key);
        if (b == null) {
            b = new Bulkhead();
            bulkheads.put(key.copy(), b);
        }
        b.seen(at);
        b.rejected++;
    }

    /**
     * Adds what another summary saw of other lines (another reader's share of the input): the result is the summary
     * of all of them, whatever share each had.
     */
    public void merge(Summary other) {
        events += other.events;
        allRequests.add(other.allRequests);
        mergeTargets(client, other.client);
        mergeTargets(server, other.server);
        other.breakers.forEach((k, b) -> {
            BreakerHistory into = breakers.putIfAbsent(k, b);
            if (into != null) {
                into.merge(b);
            }
        });
        other.limiters.forEach((k, l) -> {
            Limiter into = limiters.putIfAbsent(k, l);
            if (into != null) {
                into.first = Math.min(into.first, l.first);
                into.results.addAll(l.results);
                into.waits.add(l.waits);
            }
        });
        other.retries.forEach((k, r) -> {
            Retry into = retries.putIfAbsent(k, r);
            if (into != null) {
                into.first = Math.min(into.first, r.first);
                into.results.addAll(r.results);
            }
        });
        other.fallbacks.forEach((k, f) -> {
            Fallback into = fallbacks.putIfAbsent(k, f);
            if (into != null) {
                into.first = Math.min(into.first, f.first);
                into.count += f.count;
                into.failures += f.failures;
                into.errorTypes.addAll(f.errorTypes);
            }
        });
        other.bulkheads.forEach((k, b) -> {
            Bulkhead into = bulkheads.putIfAbsent(k, b);
            if (into != null) {
                into.first = Math.min(into.first, b.first);
                into.rejected += b.rejected;
            }
        });
        other.processes.forEach((k, p) -> {
            Process into = processes.putIfAbsent(k, p);
            if (into != null) {
                into.add(p);
            }
        });
    }

    /** Merges target tables, keeping at most {@link #MAX_TARGETS}: those first seen earliest, the rest as others. */
    private static void mergeTargets(Map<List<Object>, Requests> into, Map<List<Object>, Requests> from) {
        from.forEach((k, r) -> {
            Requests there = into.putIfAbsent(k, r);
            if (there != null) {
                there.add(r);
            }
        });
        if (into.size() <= MAX_TARGETS) {
            return;
        }
        List<Map.Entry<List<Object>, Requests>> all = inOrder(into);
        into.clear();
        for (Map.Entry<List<Object>, Requests> e : all) {
            List<Object> key = into.size() < MAX_TARGETS || into.containsKey(e.getKey()) ? e.getKey()
                    : otherKey(e.getKey());
            Requests there = into.putIfAbsent(key, e.getValue());
            if (there != null) {
                there.add(e.getValue());
            }
        }
    }

    /** The entries of {@code map} as they are listed: first seen first, then by name. */
    static <K, V extends Seen> List<Map.Entry<K, V>> inOrder(Map<K, V> map) {
        List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.<Map.Entry<K, V>>comparingLong(e -> e.getValue().first)
                .thenComparing(e -> e.getKey().toString()));
        return entries;
    }

    /** {@code prefix + value}, made once for a value seen before (a route, a path), while there are few. */
    private String prefixed(String prefix, String value) {
        Map<String, String> made = prefix.equals("route:") ? routeKeys : pathKeys;
        String key = made.get(value);
        if (key == null) {
            key = prefix + value;
            if (made.size() < MAX_TARGETS) {
                made.put(value, key);
            }
        }
        return key;
    }

    private final Map<String, String> routeKeys = new HashMap<>();
    private final Map<String, String> pathKeys = new HashMap<>();

    private static Requests target(Map<List<Object>, Requests> targets, List<Object> key) {
        Requests r = targets.get(key);
        if (r != null) {
            return r;
        }
        key = targets.size() >= MAX_TARGETS ? otherKey(key) : ((Key) key).copy();
        return targets.computeIfAbsent(key, k -> new Requests());
    }

    /** The key that counts a target past {@link #MAX_TARGETS} among its host's (or service's) others. */
    private static List<Object> otherKey(List<Object> key) {
        List<Object> other = new ArrayList<>(key);
        int last = other.size() - 1;
        other.set(last, other.get(last).toString().startsWith("route:") ? "route:(other routes)"
                : other.get(last).toString().startsWith("path:") ? "path:(other paths)" : "(other paths)");
        return List.copyOf(other);
    }

    private Process process(EventView e, String service, long at, long sequence) {
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
        if (sequence >= 0) {
            p.sequences.add(sequence);
        }
        return p;
    }

    private BreakerHistory breaker(EventView e, String service) {
        String name = text(e, "circuit_breaker.name");
        Key key = policyProbe.set(service, name);
        BreakerHistory b = breakers.get(key);
        if (b == null) {
            b = new BreakerHistory(service, name);
            breakers.put(key.copy(), b);
        }
        return b;
    }

    /**
     * The {@code n} busiest downstream hosts ({@code service → address:port}, every method and path together) and
     * routes served ({@code service ← route}), by requests, the busiest first, with their durations: what the
     * report charts ({@link #targetLabel} names an event's).
     */
    public Map<String, Histogram> busiestTargets(int n) {
        Map<String, Requests> merged = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, Requests> e : inOrder(client)) {
            List<Object> k = e.getKey();
            merge(merged, clientLabel(k.get(0), k.get(1), k.get(2)), e.getValue());
        }
        for (Map.Entry<List<Object>, Requests> e : inOrder(server)) {
            String where = (String) e.getKey().get(2);
            merge(merged, serverLabel(e.getKey().get(0), where.substring(where.indexOf(':') + 1)), e.getValue());
        }
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
    public static String targetLabel(EventView e) {
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
        for (BreakerHistory b : breakersInOrder()) {
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
            dropped += p.accounting[2];
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
            n += l.results.get("rejected");
        }
        for (Bulkhead b : bulkheads.values()) {
            n += b.rejected;
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

    /** The breakers as they are listed: first seen first, then by service and name. */
    List<BreakerHistory> breakersInOrder() {
        List<BreakerHistory> all = new ArrayList<>(breakers.values());
        all.sort(Comparator.<BreakerHistory>comparingLong(b -> b.first).thenComparing(b -> b.service)
                .thenComparing(b -> b.name));
        return all;
    }

    /** The processes as they are listed: by their first event, then by instance id. */
    List<Process> processesInOrder() {
        List<Process> all = new ArrayList<>(processes.values());
        all.sort(Comparator.<Process>comparingLong(p -> p.firstNanos).thenComparing(p -> p.instanceId));
        return all;
    }

    private static String text(EventView e, String path) {
        String v = e.text(path);
        return v == null ? "" : v;
    }

    private static Object number(EventView e, String path) {
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
        for (Map.Entry<List<Object>, Requests> e : inOrder(client)) {
            List<Object> k = e.getKey();
            Requests r = e.getValue();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", k.get(0));
            o.put("server.address", k.get(1));
            o.put("server.port", k.get(2));
            o.put("http.request.method", k.get(3));
            o.put("url.path", k.get(4));
            requests(o, r);
            http.add(o);
        }
        json.put("http_client", http);
        List<Object> served = new ArrayList<>();
        for (Map.Entry<List<Object>, Requests> e : inOrder(server)) {
            List<Object> k = e.getKey();
            Requests r = e.getValue();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", k.get(0));
            o.put("http.request.method", k.get(1));
            String where = (String) k.get(2);
            o.put(where.startsWith("route:") ? "http.route" : "url.path", where.substring(where.indexOf(':') + 1));
            requests(o, r);
            served.add(o);
        }
        json.put("http_server", served);
        List<Object> cbs = new ArrayList<>();
        for (BreakerHistory b : breakersInOrder()) {
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
        for (Map.Entry<List<Object>, Limiter> e : inOrder(limiters)) {
            List<Object> k = e.getKey();
            Limiter l = e.getValue();
            Map<String, Object> o = named(k, "rate_limiter.name");
            o.put("count", l.results.total());
            o.put("acquired", l.results.get("acquired"));
            o.put("waited", l.results.get("waited"));
            o.put("rejected", l.results.get("rejected"));
            o.put("failures", l.results.get("rejected"));
            o.put("wait_ms", percentiles(l.waits));
            rls.add(o);
        }
        json.put("rate_limiters", rls);
        List<Object> rts = new ArrayList<>();
        for (Map.Entry<List<Object>, Retry> e : inOrder(retries)) {
            List<Object> k = e.getKey();
            Counts results = e.getValue().results;
            Map<String, Object> o = named(k, "retry.name");
            o.put("count", results.total());
            for (String r : List.of("will_retry", "exhausted", "succeeded", "ignored")) {
                o.put(r, results.get(r));
            }
            o.put("failures", results.get("exhausted"));
            rts.add(o);
        }
        json.put("retries", rts);
        List<Object> fbs = new ArrayList<>();
        for (Map.Entry<List<Object>, Fallback> e : inOrder(fallbacks)) {
            List<Object> k = e.getKey();
            Fallback f = e.getValue();
            Map<String, Object> o = named(k, "fallback.name");
            o.put("count", f.count);
            o.put("failures", f.failures);
            o.put("error.type", f.errorTypes.asMap());
            fbs.add(o);
        }
        json.put("fallbacks", fbs);
        List<Object> bhs = new ArrayList<>();
        for (Map.Entry<List<Object>, Bulkhead> e : inOrder(bulkheads)) {
            Map<String, Object> o = named(e.getKey(), "bulkhead.name");
            o.put("count", e.getValue().rejected);
            o.put("rejected", e.getValue().rejected);
            bhs.add(o);
        }
        json.put("bulkheads", bhs);
        List<Object> ps = new ArrayList<>();
        for (Process p : processesInOrder()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service.name", p.service);
            o.put("service.instance.id", p.instanceId);
            o.put("process.pid", p.pid);
            o.put("host.name", p.host);
            o.put("count", p.lines);
            o.put("emitted", p.accounting[0]);
            o.put("written", p.accounting[1]);
            o.put("dropped", p.accounting[2]);
            o.put("gaps", p.gaps());
            o.put("duplicates", p.duplicates());
            o.put("stopped", p.stopped);
            o.put("first", p.firstNanos == Long.MAX_VALUE ? null : Timestamps.toInstant(p.firstNanos).toString());
            o.put("last", p.lastNanos == Long.MIN_VALUE ? null : Timestamps.toInstant(p.lastNanos).toString());
            ps.add(o);
        }
        json.put("processes", ps);
        return json;
    }

    private static Map<String, Object> named(List<Object> key, String nameField) {
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
