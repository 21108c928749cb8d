package io.eventweave.instrumentation.jdkhttpserver;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.http.HttpProviders;
import java.util.List;

/** The JDK's own HTTP server, {@code com.sun.net.httpserver} (module {@code jdk.httpserver}). */
public final class JdkHttpServerModule implements InstrumentationModule {
    @Override
    public String name() {
        return HttpProviders.JDK_HTTPSERVER;
    }

    @Override
    public String description() {
        return "Requests to the JDK's com.sun.net.httpserver.HttpServer as http.server.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new FilterChainInstrumentation());
    }
}
