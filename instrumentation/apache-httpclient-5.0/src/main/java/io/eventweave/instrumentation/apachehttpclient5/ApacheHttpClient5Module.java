package io.eventweave.instrumentation.apachehttpclient5;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Apache HttpClient 5.x ({@code org.apache.httpcomponents.client5:httpclient5}, 5.0 to 5.6), classic and async: every
 * {@code execute} as one event.
 */
public final class ApacheHttpClient5Module implements InstrumentationModule {
    @Override
    public String name() {
        return "apache-httpclient-5";
    }

    @Override
    public String description() {
        return "Apache HttpClient 5.x calls, classic and async (every execute overload), as http.client.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientInstrumentation(), new AsyncClientInstrumentation());
    }
}
