package io.eventweave.instrumentation.failsafe;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Failsafe 3.3 ({@code dev.failsafe}; same signatures in 3.3.0 and 3.3.2): the policies' implementations in
 * {@code dev.failsafe.internal}, the retry executor and the breaker's rejection.
 */
public final class FailsafeModule implements InstrumentationModule {
    static final String NAME = "failsafe";
    /** The package prefix skipped when a policy is named by the application line that built it. */
    static final String LIBRARY = "dev.failsafe.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Failsafe circuit breakers, rate limiters, retries, fallbacks and timeouts.";
    }

    /** Failsafe 3 ({@code net.jodah.failsafe} before it is another library line). */
    @Override
    public List<String> classesRequired() {
        return List.of("dev.failsafe.Failsafe");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new CircuitBreakerImplInstrumentation(), new RetryPolicyImplInstrumentation(),
                new FallbackImplInstrumentation(), new RateLimiterImplInstrumentation(),
                new CircuitBreakerOpenExceptionInstrumentation(), new RetryPolicyExecutorInstrumentation(),
                new TimeoutImplInstrumentation(), new TimeoutExecutorInstrumentation(),
                new FailsafeExecutorInstrumentation(), new FunctionsInstrumentation(), new BulkheadImplInstrumentation());
    }
}
