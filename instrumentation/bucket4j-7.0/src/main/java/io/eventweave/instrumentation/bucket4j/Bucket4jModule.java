package io.eventweave.instrumentation.bucket4j;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Bucket4j 7.x and 8.x ({@code io.github.bucket4j}; compiled against 7.6.0, same signatures in 8.x). */
public final class Bucket4jModule implements InstrumentationModule {
    static final String NAME = "bucket4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Bucket4j bucket consumption as rate_limiter.acquire.";
    }

    @Override
    public List<String> classesRequired() {
        return List.of(AbstractBucketInstrumentation.ABSTRACT_BUCKET);
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new AbstractBucketInstrumentation(), new BucketReserveInstrumentation());
    }
}
