package io.eventweave.instrumentation.guava;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Guava's {@code RateLimiter}, 16.0 to 33.x. */
public final class GuavaModule implements InstrumentationModule {
    static final String NAME = "guava";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Guava RateLimiter acquisitions as rate_limiter.acquire.";
    }

    @Override
    public List<String> classesRequired() {
        return List.of("com.google.common.util.concurrent.RateLimiter");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new RateLimiterInstrumentation());
    }
}
