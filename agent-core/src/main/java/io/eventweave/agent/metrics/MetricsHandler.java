package io.eventweave.agent.metrics;

import io.eventweave.agent.output.DrainerContext;
import io.eventweave.agent.output.EventHandler;
import io.eventweave.agent.output.HandlerStats;
import io.eventweave.agent.rules.RuleSite;
import io.eventweave.agent.rules.RuleSites;
import io.eventweave.format.EventNames;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.HttpFields;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.PolicyFields;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.RuleFields;
import io.eventweave.runtime.http.HttpConventions;
import java.util.List;

/**
 * The drainer's handler behind the metrics endpoint: keeps {@link EventMetrics} from the events themselves, on the
 * drainer thread (never on an application thread); the endpoint only reads them. What it counts is what the file
 * has, so a dashboard and {@code eventweave summary} agree; the events the drainer could not give it (its time
 * budget, a failure) are in {@code eventweave_handler_events_lost_total}, and the events lost before any handler in
 * {@code eventweave_events_dropped_total}.
 */
public final class MetricsHandler implements EventHandler {
    /** {@code event.name} by {@link EventKind#ordinal()}; null where the slot names it (an application rule). */
    private static final String[] EVENT_NAMES = new String[EventKind.values().length];
    /** {@code 1xx} to {@code 5xx}, by the status's first digit. */
    private static final String[] STATUS_CLASSES = {"", "1xx", "2xx", "3xx", "4xx", "5xx"};

    static {
        EVENT_NAMES[EventKind.AGENT_START.ordinal()] = EventNames.AGENT_START;
        EVENT_NAMES[EventKind.HTTP_CLIENT_REQUEST.ordinal()] = EventNames.HTTP_CLIENT_REQUEST;
        EVENT_NAMES[EventKind.HTTP_SERVER_REQUEST.ordinal()] = EventNames.HTTP_SERVER_REQUEST;
        EVENT_NAMES[EventKind.CIRCUIT_BREAKER_STATE_CHANGE.ordinal()] = EventNames.CIRCUIT_BREAKER_STATE_CHANGE;
        EVENT_NAMES[EventKind.CIRCUIT_BREAKER_REJECTED.ordinal()] = EventNames.CIRCUIT_BREAKER_REJECTED;
        EVENT_NAMES[EventKind.RATE_LIMITER_ACQUIRE.ordinal()] = EventNames.RATE_LIMITER_ACQUIRE;
        EVENT_NAMES[EventKind.RETRY_ATTEMPT.ordinal()] = EventNames.RETRY_ATTEMPT;
        EVENT_NAMES[EventKind.BULKHEAD_REJECTED.ordinal()] = EventNames.BULKHEAD_REJECTED;
        EVENT_NAMES[EventKind.FALLBACK_INVOKE.ordinal()] = EventNames.FALLBACK_INVOKE;
        EVENT_NAMES[EventKind.TIME_LIMITER_TIMEOUT.ordinal()] = EventNames.TIME_LIMITER_TIMEOUT;
    }

    private final EventMetrics metrics;
    /** Stopped with the drainer: nothing would update the metrics any more. Null in tests without a server. */
    private final AutoCloseable endpoint;
    private DrainerContext context;

    MetricsHandler(EventMetrics metrics, AutoCloseable endpoint) {
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void onStart(DrainerContext context) {
        this.context = context;
    }

    /** The handlers whose losses the endpoint reports; given once the drainer exists. */
    public void watchHandlers(List<HandlerStats> stats) {
        metrics.watchHandlers(stats);
    }

    @Override
    public void onEvent(EventSlot s) {
        EventKind kind = s.kind;
        switch (kind) {
            case HTTP_CLIENT_REQUEST:
                http(metrics.httpClient, s);
                break;
            case HTTP_SERVER_REQUEST:
                http(metrics.httpServer, s);
                break;
            case CIRCUIT_BREAKER_STATE_CHANGE: {
                PolicyFields p = s.policy();
                metrics.breakerTransitions.get(p.name, state(p.previousState), state(p.state)).inc();
                if (p.name != null && p.state != null) {
                    metrics.breakerState(p.name, p.state);
                }
                break;
            }
            case CIRCUIT_BREAKER_REJECTED: {
                PolicyFields p = s.policy();
                metrics.breakerRejected.get(p.name).inc();
                if (p.name != null && p.state != null) {
                    metrics.breakerState(p.name, p.state);
                }
                break;
            }
            case RATE_LIMITER_ACQUIRE: {
                PolicyFields p = s.policy();
                metrics.rateLimiterAcquire.get(p.name, result(p.result)).inc();
                if (p.waitNanos >= 0) {
                    metrics.rateLimiterWait.get(p.name).observe(p.waitNanos / 1e9);
                }
                break;
            }
            case RETRY_ATTEMPT: {
                PolicyFields p = s.policy();
                metrics.retryAttempts.get(p.name, result(p.result)).inc();
                break;
            }
            case FALLBACK_INVOKE:
                metrics.fallbackInvocations.get(s.policy().name, outcome(s.outcome)).inc();
                break;
            case BULKHEAD_REJECTED:
                metrics.bulkheadRejected.get(s.policy().name).inc();
                break;
            case TIME_LIMITER_TIMEOUT:
                metrics.timeLimiterTimeouts.get(s.policy().name).inc();
                break;
            default:
                break;
        }
        String name = EVENT_NAMES[kind.ordinal()];
        if (name == null) {
            name = applicationEventName(s);
        }
        metrics.events.get(name).inc();
    }

    private static void http(SeriesTable<io.prometheus.metrics.core.datapoints.DistributionDataPoint> table,
            EventSlot s) {
        HttpFields http = s.http();
        int status = http.statusCode;
        String statusClass = HttpConventions.isStatus(status) && status < 600 ? STATUS_CLASSES[status / 100] : "";
        String address = HttpConventions.hasAddress(http.serverAddress)
                ? HttpConventions.serverAddress(http.serverAddress) : "";
        double seconds = s.durationNanos >= 0 ? s.durationNanos / 1e9 : 0;
        table.get(s.provider, method(http.method), address, statusClass, outcome(s.outcome)).observe(seconds);
    }

    /** The standard methods as they are; any other is {@code _OTHER}, as OpenTelemetry's HTTP metrics have it. */
    static String method(String method) {
        if (method == null) {
            return "";
        }
        switch (method) {
            case "GET":
            case "HEAD":
            case "POST":
            case "PUT":
            case "DELETE":
            case "CONNECT":
            case "OPTIONS":
            case "TRACE":
            case "PATCH":
                return method;
            default:
                return "_OTHER";
        }
    }

    private static String state(BreakerState state) {
        return state == null ? "" : state.wireName();
    }

    private static String result(PolicyResult result) {
        return result == null || result == PolicyResult.NONE ? "" : result.wireName();
    }

    private static String outcome(Outcome outcome) {
        return outcome == null || outcome == Outcome.NONE ? "" : outcome.wireName();
    }

    /** An application rule's {@code app.<name>}: the rule site the slot holds names it. */
    private static String applicationEventName(EventSlot s) {
        RuleFields raw = s.ruleSectionIfMade();
        RuleSite site = raw == null || raw.site < 0 ? null : RuleSites.get(raw.site);
        return site == null ? "app.unknown" : site.rule.kind.eventName;
    }

    @Override
    public void onTick(long nowNanos) {
        droppedUpToDate();
    }

    @Override
    public void onStop(long stopSequence, long remainingNanos) {
        droppedUpToDate();
    }

    private void droppedUpToDate() {
        if (context == null) {
            return;
        }
        for (DropReason reason : DropReason.values()) {
            metrics.droppedUpTo(reason, context.dropped(reason));
        }
    }

    @Override
    public void close() {
        if (endpoint != null) {
            try {
                endpoint.close();
            } catch (Exception ignored) {
                // the JVM is ending
            }
        }
    }
}
