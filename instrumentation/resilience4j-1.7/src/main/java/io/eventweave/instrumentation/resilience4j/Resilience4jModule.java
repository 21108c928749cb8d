package io.eventweave.instrumentation.resilience4j;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Resilience4j 1.7.x and 2.x. The hooks are methods whose signatures are the same from 1.7.1 to 2.4.0 (checked with
 * javap on both), but for the sync retry's wait methods, renamed in 2.1.0: the library's own private event funnels
 * where they see every case, public methods elsewhere, and for a retry's wait, which only a local variable holds, the
 * library's call of its interval function. No event consumer is registered with the library, and its event suppliers
 * are never called, so what it allocates per call does not change. No class is required of a loader: the library
 * comes as separate jars (circuit breaker, rate limiter, retry, bulkhead, all, the Spring modules) and each type's
 * name already says which jar is there.
 */
public final class Resilience4jModule implements InstrumentationModule {
    static final String NAME = "resilience4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Resilience4j circuit breakers, rate limiters, retries, bulkheads, fallbacks and time limiters.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        List<TypeInstrumentation> all = new ArrayList<>(List.of(new CircuitBreakerStateMachineInstrumentation(), new AtomicRateLimiterInstrumentation(),
                new SemaphoreBasedRateLimiterInstrumentation(), new RetryImplInstrumentation(),
                new RetryContextImplInstrumentation(), new RetryAsyncContextImplInstrumentation(),
                new SemaphoreBulkheadInstrumentation(), new FixedThreadPoolBulkheadInstrumentation(),
                new DecoratorsFallbackInstrumentation(), new FallbackMethodInstrumentation(),
                new TimeLimiterImplInstrumentation(), new DecoratorsCallInstrumentation(),
                new RetryAsyncRetryBlockInstrumentation()));
        all.addAll(GuardDecoratorInstrumentation.all());
        return all;
    }
}
