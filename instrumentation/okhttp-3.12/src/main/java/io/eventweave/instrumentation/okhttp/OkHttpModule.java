package io.eventweave.instrumentation.okhttp;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** OkHttp 3.12 to 5.x: every call, sync ({@code execute}) or async ({@code enqueue}), as {@code http.client.request}. */
public final class OkHttpModule implements InstrumentationModule {
    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public String description() {
        return "OkHttp 3.12 to 5.x calls (execute and enqueue) as http.client.request, with traceparent.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new OkHttpClientBuilderInstrumentation());
    }
}
