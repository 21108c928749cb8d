package io.eventweave.agent.metrics;

import io.eventweave.agent.output.HandlerStats;
import io.eventweave.agent.output.HandlerStats.LossReason;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.DropReason;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric of the endpoint, in one place: names, help, labels, buckets, and the cap on series. Written by the
 * drainer thread (through {@link MetricsHandler}), read by the endpoint's thread when Prometheus scrapes: the client's
 * data points are safe for that (atomic adds, consistent snapshots); the tables that find them are the drainer's.
 *
 * <p>Conventions, as the Resilience4j Micrometer binder and the OpenTelemetry HTTP metrics have them:
 * <ul>
 *   <li>{@code service} is a constant label of every metric (the agent's {@code service.name}).</li>
 *   <li>Durations are seconds; the HTTP histograms use OpenTelemetry's advised buckets for
 *       {@code http.client.request.duration}, 5 ms to 10 s. Classic histograms only, no exemplars.</li>
 *   <li>HTTP methods outside the standard ones are {@code _OTHER}; the status is its class ({@code 2xx});
 *       the raw path is never a label.</li>
 *   <li>{@code eventweave_circuit_breaker_state} has one series per breaker and state, 1 for the current one.</li>
 * </ul>
 *
 * <p>The client is configured here alone ({@link PrometheusProperties} built in code): a {@code prometheus.properties}
 * or {@code io.prometheus.*} system property of the application's own client changes nothing in ours.
 */
final class EventMetrics {
    /** OpenTelemetry's advised boundaries for HTTP request durations, in seconds. */
    static final double[] HTTP_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
    /** A rate limiter's wait, in seconds: zero (acquired at once) has a bucket of its own. */
    static final double[] WAIT_BUCKETS = {0, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final int maxSeries;

    final SeriesTable<DistributionDataPoint> httpClient;
    final SeriesTable<DistributionDataPoint> httpServer;
    final SeriesTable<CounterDataPoint> breakerTransitions;
    final SeriesTable<CounterDataPoint> breakerRejected;
    final SeriesTable<CounterDataPoint> rateLimiterAcquire;
    final SeriesTable<DistributionDataPoint> rateLimiterWait;
    final SeriesTable<CounterDataPoint> retryAttempts;
    final SeriesTable<CounterDataPoint> fallbackInvocations;
    final SeriesTable<CounterDataPoint> bulkheadRejected;
    final SeriesTable<CounterDataPoint> timeLimiterTimeouts;
    final SeriesTable<CounterDataPoint> events;

    private final Gauge breakerState;
    /** Each breaker within the cap, by name: its state and its series (by {@link BreakerState#ordinal()}). */
    private final Map<String, BreakerSeries> breakers = new HashMap<>();
    /** Breakers beyond the cap: their last state, counted in the {@code _overflow} series. */
    private final Map<String, BreakerState> overflowBreakers = new HashMap<>();
    private final int[] overflowInState = new int[BreakerState.values().length];
    private GaugeDataPoint[] overflowStateSeries;
    /** Most breakers beyond the cap whose state is followed (a name beyond it is not counted in any state). */
    static final int MAX_OVERFLOW_BREAKERS = 100_000;

    private final CounterDataPoint[] dropped = new CounterDataPoint[DropReason.values().length];
    private final long[] droppedSeen = new long[DropReason.values().length];
    private volatile List<HandlerStats> handlerStats = List.of();

    EventMetrics(String serviceName, int maxSeries) {
        this.maxSeries = maxSeries;
        PrometheusProperties config = PrometheusProperties.builder()
                .defaultMetricsProperties(MetricsProperties.builder().exemplarsEnabled(false)
                        .histogramClassicOnly(true).build())
                .build();
        Labels service = Labels.of("service", serviceName);

        Histogram client = Histogram.builder(config).name("eventweave_http_client_request_duration_seconds")
                .help("Duration of outbound HTTP requests (http.client.request events).").unit(Unit.SECONDS)
                .constLabels(service).labelNames("provider", "method", "server_address", "status_class", "outcome")
                .classicOnly().classicUpperBounds(HTTP_BUCKETS).withoutExemplars().register(registry);
        httpClient = new SeriesTable<>(5, maxSeries, client::labelValues);
        Histogram server = Histogram.builder(config).name("eventweave_http_server_request_duration_seconds")
                .help("Duration of inbound HTTP requests (http.server.request events); server_address is the local "
                        + "address.").unit(Unit.SECONDS)
                .constLabels(service).labelNames("provider", "method", "server_address", "status_class", "outcome")
                .classicOnly().classicUpperBounds(HTTP_BUCKETS).withoutExemplars().register(registry);
        httpServer = new SeriesTable<>(5, maxSeries, server::labelValues);

        breakerState = Gauge.builder(config).name("eventweave_circuit_breaker_state")
                .help("Circuit breaker states: 1 for the state a breaker is in, 0 for the others (as last seen in a "
                        + "state change or rejection).")
                .constLabels(service).labelNames("name", "state").withoutExemplars().register(registry);
        Counter transitions = counter(config, service, "eventweave_circuit_breaker_transitions_total",
                "Circuit breaker state changes.", "name", "from_state", "to_state");
        breakerTransitions = new SeriesTable<>(3, maxSeries, transitions::labelValues);
        Counter rejected = counter(config, service, "eventweave_circuit_breaker_rejected_total",
                "Calls a circuit breaker did not permit.", "name");
        breakerRejected = new SeriesTable<>(1, maxSeries, rejected::labelValues);

        Counter acquire = counter(config, service, "eventweave_rate_limiter_acquire_total",
                "Rate limiter permit requests by result (acquired, waited, rejected).", "name", "result");
        rateLimiterAcquire = new SeriesTable<>(2, maxSeries, acquire::labelValues);
        Histogram wait = Histogram.builder(config).name("eventweave_rate_limiter_wait_seconds")
                .help("How long a rate limiter made a caller wait for its permits.").unit(Unit.SECONDS)
                .constLabels(service).labelNames("name")
                .classicOnly().classicUpperBounds(WAIT_BUCKETS).withoutExemplars().register(registry);
        rateLimiterWait = new SeriesTable<>(1, maxSeries, wait::labelValues);

        Counter retries = counter(config, service, "eventweave_retry_attempts_total",
                "Retry attempts by result (will_retry, succeeded, exhausted, ...).", "name", "result");
        retryAttempts = new SeriesTable<>(2, maxSeries, retries::labelValues);
        Counter fallbacks = counter(config, service, "eventweave_fallback_invocations_total",
                "Fallbacks run, by the fallback's own outcome.", "name", "outcome");
        fallbackInvocations = new SeriesTable<>(2, maxSeries, fallbacks::labelValues);
        Counter bulkhead = counter(config, service, "eventweave_bulkhead_rejected_total",
                "Calls a bulkhead did not admit.", "name");
        bulkheadRejected = new SeriesTable<>(1, maxSeries, bulkhead::labelValues);
        Counter timeouts = counter(config, service, "eventweave_time_limiter_timeouts_total",
                "Calls a time limiter cut off.", "name");
        timeLimiterTimeouts = new SeriesTable<>(1, maxSeries, timeouts::labelValues);

        Counter eventCount = counter(config, service, "eventweave_events_total",
                "Events the agent recorded, by event name.", "event");
        events = new SeriesTable<>(1, maxSeries, eventCount::labelValues);
        Counter droppedCount = counter(config, service, "eventweave_events_dropped_total",
                "Events lost before the output, by reason (as agent.stats counts them).", "reason");
        for (DropReason reason : DropReason.values()) {
            dropped[reason.ordinal()] = droppedCount.labelValues(reason.wireName());
        }
        CounterWithCallback.builder(config).name("eventweave_handler_events_lost_total")
                .help("Events one output handler (this endpoint's metrics, a shipper) did not take while the file "
                        + "did, by handler and reason: the metrics undercount by this much.")
                .constLabels(service).labelNames("handler", "reason")
                .callback(callback -> {
                    for (HandlerStats stats : handlerStats) {
                        for (LossReason reason : LossReason.values()) {
                            callback.call(stats.lost(reason), stats.name(), reason.wireName());
                        }
                    }
                }).register(registry);
    }

    private Counter counter(PrometheusProperties config, Labels service, String name, String help,
            String... labels) {
        return Counter.builder(config).name(name).help(help).constLabels(service).labelNames(labels)
                .withoutExemplars().register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** The handlers whose losses {@code eventweave_handler_events_lost_total} reports (all but the file). */
    void watchHandlers(List<HandlerStats> stats) {
        handlerStats = List.copyOf(stats);
    }

    /** Brings {@code eventweave_events_dropped_total} up to the drainer's counts. */
    void droppedUpTo(DropReason reason, long total) {
        int i = reason.ordinal();
        if (total > droppedSeen[i]) {
            dropped[i].inc(total - droppedSeen[i]);
            droppedSeen[i] = total;
        }
    }

    /** A breaker is in {@code state} now: its series of that state is 1, its others 0. */
    void breakerState(String name, BreakerState state) {
        BreakerSeries known = breakers.get(name);
        if (known == null) {
            if ((breakers.size() + 2) * BreakerState.values().length > maxSeries) {
                overflowBreakerState(name, state);
                return;
            }
            known = new BreakerSeries(name);
            breakers.put(name, known);
        }
        if (known.state != state) {
            if (known.state != null) {
                known.series[known.state.ordinal()].set(0);
            }
            known.series[state.ordinal()].set(1);
            known.state = state;
        }
    }

    private void overflowBreakerState(String name, BreakerState state) {
        if (overflowStateSeries == null) {
            overflowStateSeries = new GaugeDataPoint[BreakerState.values().length];
            for (BreakerState s : BreakerState.values()) {
                overflowStateSeries[s.ordinal()] = breakerState.labelValues(SeriesTable.OVERFLOW, s.wireName());
            }
        }
        BreakerState previous = overflowBreakers.get(name);
        if (previous == null && overflowBreakers.size() >= MAX_OVERFLOW_BREAKERS) {
            return;
        }
        overflowBreakers.put(name, state);
        if (previous != null) {
            overflowStateSeries[previous.ordinal()].set(--overflowInState[previous.ordinal()]);
        }
        overflowStateSeries[state.ordinal()].set(++overflowInState[state.ordinal()]);
    }

    /** One breaker's series, every state made at once (0 until it is in it). */
    private final class BreakerSeries {
        final GaugeDataPoint[] series = new GaugeDataPoint[BreakerState.values().length];
        BreakerState state;

        BreakerSeries(String name) {
            for (BreakerState s : BreakerState.values()) {
                series[s.ordinal()] = breakerState.labelValues(name, s.wireName());
                series[s.ordinal()].set(0);
            }
        }
    }
}
