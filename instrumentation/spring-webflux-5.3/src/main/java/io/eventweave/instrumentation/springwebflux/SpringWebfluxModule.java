package io.eventweave.instrumentation.springwebflux;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * Spring WebFlux (5.3 to 7.0; tested on 5.3.39 and 7.0.10): the route template a request was matched to, as
 * {@code http.route} of the {@code http.server.request} that the server's own instrumentation (Reactor Netty's
 * {@code HttpServer}) records. WebFlux emits no event of its own.
 */
public final class SpringWebfluxModule implements InstrumentationModule {
    @Override
    public String name() {
        return "spring-webflux";
    }

    @Override
    public String description() {
        return "Spring WebFlux's matched route template as http.route of the server's http.server.request.";
    }

    @Override
    public List<String> classesRequired() {
        return List.of("org.springframework.web.reactive.HandlerAdapter",
                "org.springframework.http.server.reactive.AbstractServerHttpRequest");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HandlerAdapterInstrumentation());
    }
}
