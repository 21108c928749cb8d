package io.eventweave.instrumentation.apachehttpclient4;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/** Apache HttpClient 4.5.x ({@code org.apache.httpcomponents:httpclient}): every {@code execute} as one event. */
public final class ApacheHttpClient4Module implements InstrumentationModule {
    @Override
    public String name() {
        return "apache-httpclient-4";
    }

    @Override
    public String description() {
        return "Apache HttpClient 4.5 calls (every execute overload) as http.client.request, with traceparent.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientInstrumentation());
    }
}
