package io.eventweave.instrumentation.reactor;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Reactor ({@code io.projectreactor:reactor-core}) 3.4.0 and later: the trace context follows work onto Reactor's
 * schedulers ({@code publishOn}, {@code subscribeOn}, {@code delayElements}, ...). It records no event of its own.
 */
public final class ReactorModule implements InstrumentationModule {
    @Override
    public String name() {
        return "reactor";
    }

    @Override
    public String description() {
        return "Reactor's schedulers: the trace context follows work scheduled by publishOn, subscribeOn and others.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new SchedulersInstrumentation());
    }
}
