package io.eventweave.instrumentation.servletjakarta;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Requests a servlet container receives, through the {@code jakarta.servlet} API (Servlet 5.0 and later: Tomcat 10
 * and 11, Jetty 12's ee10, Undertow 2.3; tested on 10.1.55, 11.0.29, 12.0.16, 12.1.14 and 2.3.26): {@code http.server.request}, provider {@code servlet}, in the caller's
 * trace. The rules are the runtime's {@link io.eventweave.runtime.http.ServletExchange}; {@code servlet-3.0} is the
 * same for {@code javax.servlet}.
 */
public final class ServletJakartaModule implements InstrumentationModule {
    @Override
    public String name() {
        return "servlet-jakarta";
    }

    @Override
    public String description() {
        return "Requests to jakarta.servlet containers (Tomcat 10/11, Jetty 12 ee10, Undertow 2.3) as http.server.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ServletInstrumentation(), new FilterChainInstrumentation());
    }
}
