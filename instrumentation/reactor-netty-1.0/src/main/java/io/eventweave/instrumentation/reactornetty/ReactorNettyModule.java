package io.eventweave.instrumentation.reactornetty;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.http.HttpProviders;
import java.util.List;

/** Reactor Netty's {@code HttpClient} (what Spring {@code WebClient} uses) and {@code HttpServer} (Spring WebFlux's), 1.0.0 to 1.4.0. */
public final class ReactorNettyModule implements InstrumentationModule {
    @Override
    public String name() {
        return HttpProviders.REACTOR_NETTY;
    }

    @Override
    public String description() {
        return "Reactor Netty HttpClient requests as http.client.request, HttpServer requests as http.server.request.";
    }

    @Override
    public List<String> classesRequired() {
        return List.of("reactor.netty.http.client.HttpClientState");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientHandlerInstrumentation(), new HttpClientOperationsInstrumentation(),
                new HttpIOHandlerObserverInstrumentation(), new HttpServerHandleInstrumentation(),
                new HttpServerOperationsInstrumentation(), new HttpObserverInstrumentation(),
                new ChannelOperationsInstrumentation());
    }
}
