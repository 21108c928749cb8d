package io.eventweave.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.agent.output.DrainerContext;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.PolicyResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint over real HTTP, fed by its handler with the slots the drainer would give it: every count and sum is
 * compared with what was fed, the series cap with the number of distinct label values fed, the breaker gauge with the
 * last state change, and the formats with what the scraper asked for.
 */
class MetricsEndpointTest {
    private static final int MAX_SERIES = 40;
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private MetricsEndpoint start() {
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, "checkout", MAX_SERIES, System.err);
        assertNotNull(endpoint);
        return endpoint;
    }

    @Test
    void httpHistogramsCountEveryRequestByItsLabelsAndNeverThePath() throws Exception {
        MetricsHandler handler = start().handler();
        // {status, method, host} -> requests fed, and their durations
        Map<String, long[]> fed = new LinkedHashMap<>();
        int[] statuses = {200, 204, 404, 503, 0};
        String[] methods = {"GET", "POST", "BREW"};
        for (int i = 0; i < 300; i++) {
            int status = statuses[i % statuses.length];
            String method = methods[i % methods.length];
            String host = "h" + (i % 3) + ".example";
            long nanos = 1_000_000L * (1 + i % 700);
            EventSlot s = http(EventKind.HTTP_CLIENT_REQUEST, method, host, status, "/orders/" + i, nanos);
            handler.onEvent(s);
            String key = labels("provider", "okhttp", "method", method.equals("BREW") ? "_OTHER" : method,
                    "server_address", host, "status_class", status == 0 ? "" : status / 100 + "xx",
                    "outcome", s.outcome.wireName());
            long[] sum = fed.computeIfAbsent(key, k -> new long[2]);
            sum[0]++;
            sum[1] += nanos;
        }
        Exposition text = scrape(null);
        String name = "eventweave_http_client_request_duration_seconds";
        for (Map.Entry<String, long[]> e : fed.entrySet()) {
            assertEquals(e.getValue()[0], text.value(name + "_count", e.getKey()), e.getKey());
            assertEquals(e.getValue()[1] / 1e9, text.value(name + "_sum", e.getKey()), 1e-6, e.getKey());
        }
        assertEquals(fed.size(), text.series(name + "_count"));
        assertTrue(!text.body.contains("/orders/"), "no path in any label");
        assertEquals(300, text.value("eventweave_events_total", labels("event", "http.client.request")));
    }

    @Test
    void aLabelValueBeyondTheCapIsCountedInTheOverflowSeries() throws Exception {
        MetricsHandler handler = start().handler();
        int hosts = MAX_SERIES + 25;
        for (int i = 0; i < hosts; i++) {
            handler.onEvent(http(EventKind.HTTP_SERVER_REQUEST, "GET", "10.0.0." + i, 200, "/", 1_000_000));
        }
        Exposition text = scrape(null);
        String count = "eventweave_http_server_request_duration_seconds_count";
        assertEquals(MAX_SERIES, text.series(count));
        String overflow = labels("provider", "_overflow", "method", "_overflow", "server_address", "_overflow",
                "status_class", "_overflow", "outcome", "_overflow");
        assertEquals(hosts - (MAX_SERIES - 1), text.value(count, overflow));
        assertEquals(hosts, text.total(count));
    }

    @Test
    void theBreakerGaugeIsOneForItsLastStateAndThePolicyCountersCountEachResult() throws Exception {
        MetricsHandler handler = start().handler();
        handler.onEvent(breaker(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, "payments", BreakerState.CLOSED,
                BreakerState.OPEN));
        for (int i = 0; i < 7; i++) {
            handler.onEvent(breaker(EventKind.CIRCUIT_BREAKER_REJECTED, "payments", null, BreakerState.OPEN));
        }
        handler.onEvent(breaker(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, "payments", BreakerState.OPEN,
                BreakerState.HALF_OPEN));
        handler.onEvent(breaker(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, "stock", BreakerState.CLOSED,
                BreakerState.OPEN));
        for (int i = 0; i < 5; i++) {
            EventSlot s = policy(EventKind.RATE_LIMITER_ACQUIRE, "api");
            s.policy().result = i < 3 ? PolicyResult.ACQUIRED : PolicyResult.REJECTED;
            s.policy().waitNanos = i < 3 ? 2_000_000 : -1;
            handler.onEvent(s);
        }
        EventSlot retry = policy(EventKind.RETRY_ATTEMPT, "orders");
        retry.policy().result = PolicyResult.EXHAUSTED;
        handler.onEvent(retry);
        EventSlot fallback = policy(EventKind.FALLBACK_INVOKE, "cached");
        fallback.outcome = Outcome.SUCCESS;
        handler.onEvent(fallback);
        handler.onEvent(policy(EventKind.BULKHEAD_REJECTED, "pool"));

        Exposition text = scrape(null);
        String gauge = "eventweave_circuit_breaker_state";
        for (BreakerState state : BreakerState.values()) {
            assertEquals(state == BreakerState.HALF_OPEN ? 1 : 0,
                    text.value(gauge, labels("name", "payments", "state", state.wireName())), state.toString());
            assertEquals(state == BreakerState.OPEN ? 1 : 0,
                    text.value(gauge, labels("name", "stock", "state", state.wireName())), state.toString());
        }
        assertEquals(1, text.value("eventweave_circuit_breaker_transitions_total",
                labels("name", "payments", "from_state", "closed", "to_state", "open")));
        assertEquals(7, text.value("eventweave_circuit_breaker_rejected_total", labels("name", "payments")));
        assertEquals(3, text.value("eventweave_rate_limiter_acquire_total", labels("name", "api", "result",
                "acquired")));
        assertEquals(2, text.value("eventweave_rate_limiter_acquire_total", labels("name", "api", "result",
                "rejected")));
        assertEquals(3, text.value("eventweave_rate_limiter_wait_seconds_count", labels("name", "api")));
        assertEquals(0.006, text.value("eventweave_rate_limiter_wait_seconds_sum", labels("name", "api")), 1e-9);
        assertEquals(1, text.value("eventweave_retry_attempts_total", labels("name", "orders", "result",
                "exhausted")));
        assertEquals(1, text.value("eventweave_fallback_invocations_total", labels("name", "cached", "outcome",
                "success")));
        assertEquals(1, text.value("eventweave_bulkhead_rejected_total", labels("name", "pool")));
        assertEquals(10, text.value("eventweave_events_total", labels("event", "circuit_breaker.state_change"))
                + text.value("eventweave_events_total", labels("event", "circuit_breaker.rejected")));
    }

    @Test
    void droppedEventsFollowTheDrainersCounts() throws Exception {
        MetricsHandler handler = start().handler();
        long[] dropped = new long[DropReason.values().length];
        handler.onStart(new DrainerContext() {
            @Override
            public long nextLineSequence() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long dropped(DropReason reason) {
                return dropped[reason.ordinal()];
            }

            @Override
            public boolean closing() {
                return false;
            }
        });
        dropped[DropReason.QUEUE_FULL.ordinal()] = 12;
        handler.onTick(System.nanoTime());
        dropped[DropReason.QUEUE_FULL.ordinal()] = 30;
        dropped[DropReason.IO_ERROR.ordinal()] = 2;
        handler.onTick(System.nanoTime());
        Exposition text = scrape(null);
        assertEquals(30, text.value("eventweave_events_dropped_total", labels("reason", "queue_full")));
        assertEquals(2, text.value("eventweave_events_dropped_total", labels("reason", "io_error")));
        assertEquals(0, text.value("eventweave_events_dropped_total", labels("reason", "shutdown_timeout")));
    }

    @Test
    void openMetricsWhenAskedForGzipWhenAcceptedTextOtherwise() throws Exception {
        start().handler().onEvent(policy(EventKind.BULKHEAD_REJECTED, "pool"));
        HttpResponse<byte[]> open = get("application/openmetrics-text;version=1.0.0,text/plain;q=0.5", null);
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        String body = new String(open.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("# EOF\n"), body);
        HttpResponse<byte[]> plain = get(null, null);
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        HttpResponse<byte[]> zipped = get(null, "gzip");
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
        String unzipped = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(new String(plain.body(), StandardCharsets.UTF_8), unzipped);
        // the protobuf format is asked for by Prometheus's native-histogram scrapes: text comes back
        HttpResponse<byte[]> protobuf = get("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited", null);
        assertEquals(200, protobuf.statusCode());
        assertTrue(protobuf.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        HttpResponse<byte[]> other = http.send(HttpRequest.newBuilder(uri("/other")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(404, other.statusCode());
    }

    @Test
    void aPortInUseIsOneLineOnStderrAndNoEndpoint() {
        int port = start().address().getPort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MetricsEndpoint second = MetricsEndpoint.start("127.0.0.1", port, "checkout", MAX_SERIES,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertNull(second);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.contains("127.0.0.1:" + port) && printed.contains("goes on without it"), printed);
    }

    // --- helpers

    private static EventSlot http(EventKind kind, String method, String host, int status, String path, long nanos) {
        EventSlot s = new EventSlot();
        s.kind = kind;
        s.provider = "okhttp";
        s.durationNanos = nanos;
        s.outcome = status == 0 || status >= 500 ? Outcome.FAILURE : Outcome.SUCCESS;
        s.http().method = method;
        s.http().serverAddress = host;
        s.http().statusCode = status;
        s.http().path = path;
        return s;
    }

    private static EventSlot policy(EventKind kind, String name) {
        EventSlot s = new EventSlot();
        s.kind = kind;
        s.provider = "resilience4j";
        s.durationNanos = -1;
        s.policy().name = name;
        return s;
    }

    private static EventSlot breaker(EventKind kind, String name, BreakerState from, BreakerState to) {
        EventSlot s = policy(kind, name);
        s.policy().previousState = from;
        s.policy().state = to;
        return s;
    }

    /** The labels of a series as the text format writes them after {@code service}. */
    private static String labels(String... pairs) {
        StringBuilder b = new StringBuilder("service=\"checkout\"");
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(',').append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return b.toString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }

    private HttpResponse<byte[]> get(String accept, String encoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (encoding != null) {
            request.header("Accept-Encoding", encoding);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response;
    }

    private Exposition scrape(String accept) throws IOException, InterruptedException {
        return new Exposition(new String(get(accept, null).body(), StandardCharsets.UTF_8));
    }

    /** The samples of a text-format scrape: {@code name{labels}} to value. */
    static final class Exposition {
        final String body;
        final Map<String, Double> samples = new HashMap<>();

        Exposition(String body) {
            this.body = body;
            for (String line : body.split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                samples.put(normal(line.substring(0, space)), Double.parseDouble(line.substring(space + 1)));
            }
        }

        /** {@code name{labels}} with its labels in name order (the writer sorts them; the tests need not). */
        static String normal(String series) {
            int open = series.indexOf('{');
            if (open < 0) {
                return series;
            }
            String[] pairs = series.substring(open + 1, series.length() - 1).split("(?<=\"),");
            java.util.Arrays.sort(pairs);
            return series.substring(0, open) + "{" + String.join(",", pairs) + "}";
        }

        /** The sample's value; a series that is not there fails the test. */
        double value(String name, String labels) {
            Double v = samples.get(normal(name + "{" + labels + "}"));
            assertNotNull(v, name + "{" + labels + "} in\n" + body);
            return v;
        }

        long series(String name) {
            return samples.keySet().stream().filter(k -> k.startsWith(name + "{")).count();
        }

        double total(String name) {
            return samples.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }
}
