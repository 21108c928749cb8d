package io.eventweave.instrumentation.servletjavax;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Requests a servlet container receives, through the {@code javax.servlet} API (Servlet 3.0 to 4.0: Tomcat 9, Jetty 9
 * to 11 (ee8), Undertow 2.2; tested on Tomcat 9.0.113 and Undertow 2.2.37): {@code http.server.request}, provider
 * {@code servlet}. The same advice as
 * {@code servlet-5.0} for the old namespace (the classes it binds differ by package only); the rules are the runtime's
 * {@link io.eventweave.runtime.http.ServletExchange}, written once.
 */
public final class ServletJavaxModule implements InstrumentationModule {
    @Override
    public String name() {
        return "servlet-javax";
    }

    @Override
    public String description() {
        return "Requests to javax.servlet containers (Tomcat 9, Undertow 2.2, ...) as http.server.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ServletInstrumentation(), new FilterChainInstrumentation());
    }
}
