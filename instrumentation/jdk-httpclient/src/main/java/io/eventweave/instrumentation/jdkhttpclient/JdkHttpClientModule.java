package io.eventweave.instrumentation.jdkhttpclient;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.http.HttpProviders;
import java.util.List;

/** {@code java.net.http.HttpClient} (JDK 11 to 25). */
public final class JdkHttpClientModule implements InstrumentationModule {
    @Override
    public String name() {
        return HttpProviders.JDK_HTTPCLIENT;
    }

    @Override
    public String description() {
        return "java.net.http.HttpClient send and sendAsync as http.client.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientImplInstrumentation());
    }
}
