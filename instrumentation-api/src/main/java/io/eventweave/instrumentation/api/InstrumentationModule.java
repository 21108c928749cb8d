package io.eventweave.instrumentation.api;

import java.util.List;

/**
 * One instrumented library version line (one folder under {@code instrumentation/}), found by the agent with
 * {@link java.util.ServiceLoader}: each module lists its class in
 * {@code META-INF/services/io.eventweave.instrumentation.api.InstrumentationModule}.
 */
public interface InstrumentationModule {
    /**
     * The name of the setting {@code instrumentation.<name>.enabled}, for example {@code resilience4j}; also the
     * {@code event.provider} its events usually carry.
     */
    String name();

    /** One sentence for {@code --help}: what the module records. */
    String description();

    /**
     * Classes that must be visible to a class loader for the module to apply to the classes it loads (checked once
     * per loader, before any type matcher runs), as the OpenTelemetry agent's {@code classLoaderMatcher}. None for
     * the JDK's own classes.
     */
    default List<String> classesRequired() {
        return List.of();
    }

    List<TypeInstrumentation> typeInstrumentations();

    /**
     * Whether this module waits for the others: true for a module that only carries the trace context other modules
     * create (the context across threads), whose types (exact names only) are classes nearly every application loads.
     * They never bring Byte Buddy up themselves, so an application that uses none of the instrumented libraries does
     * not pay for it; once another module's first class is woven they are woven too (those loaded before then are
     * retransformed on a background thread, at once).
     */
    default boolean followsOthers() {
        return false;
    }
}
