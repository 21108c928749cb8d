package io.eventweave.benchmarks.pipeline;

import io.eventweave.runtime.Emit;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * B8: one policy event kind into the ring of the agent this JVM was started with, by calling {@link PolicyEvents}
 * directly with the values the Resilience4j instrumentation would pass (no library, no advice): the figure is what
 * the ring, the drainer and the encoder sustain for that kind. {@link PolicyKindThroughputRun} is the same kind
 * through a real Resilience4j object, the library's own cost included.
 */
public final class PolicyEventPipeline implements Pipeline {
    /** The kinds, as {@code event.name} writes them. */
    public static final List<String> KINDS = List.of("rate_limiter.acquire", "circuit_breaker.state_change",
            "circuit_breaker.rejected", "retry.attempt", "fallback.invoke", "bulkhead.rejected",
            "time_limiter.timeout");
    private static final String PROVIDER = "resilience4j";
    private static final String NAME = "inventory-backend";
    /** A retry's and a fallback's failure: its class is written, it is made once. */
    private static final IllegalStateException FAILURE = new IllegalStateException("backend down");
    private static final long DURATION_NANOS = 1_500L;
    /** A time limiter's limit and the timeout it reports (made once, as the failure above). */
    private static final long LIMIT_NANOS = 2_000_000_000L;
    private static final TimeoutException TIMEOUT = new TimeoutException("TimeLimiter 'inventory-backend' recorded a timeout exception.");

    private final int kind;
    private final EventweavePipeline ring = new EventweavePipeline();

    PolicyEventPipeline(String kind) {
        int index = KINDS.indexOf(kind);
        if (index < 0) {
            throw new IllegalArgumentException("unknown policy kind '" + kind + "' (" + String.join(", ", KINDS) + ")");
        }
        this.kind = index;
    }

    @Override
    public void emit() {
        switch (kind) {
            case 0: {
                long start = System.nanoTime();
                PolicyEvents.rateLimiterAcquire(PROVIDER, NAME, PolicyResult.REJECTED, 1, -1, start,
                        start + DURATION_NANOS);
                break;
            }
            case 1:
                PolicyEvents.circuitBreakerStateChange(PROVIDER, NAME, "CLOSED", "OPEN", 62.5f);
                break;
            case 2:
                PolicyEvents.circuitBreakerRejected(PROVIDER, NAME, "OPEN");
                break;
            case 3:
                PolicyEvents.retryAttempt(PROVIDER, NAME, 1, PolicyResult.WILL_RETRY, 100_000_000L, FAILURE);
                break;
            case 4: {
                long start = System.nanoTime();
                PolicyEvents.fallbackInvoke(PROVIDER, NAME, FAILURE, true, start, start + DURATION_NANOS);
                break;
            }
            case 5:
                PolicyEvents.bulkheadRejected(PROVIDER, NAME);
                break;
            default:
                PolicyEvents.timeLimiterTimeout(PROVIDER, NAME, LIMIT_NANOS, TIMEOUT);
                break;
        }
    }

    @Override
    public boolean hasRoomFor(int events) {
        return ring.hasRoomFor(events);
    }

    @Override
    public void awaitIdle() {
        ring.awaitIdle();
    }

    @Override
    public void close() {
        ring.close();
    }
}
