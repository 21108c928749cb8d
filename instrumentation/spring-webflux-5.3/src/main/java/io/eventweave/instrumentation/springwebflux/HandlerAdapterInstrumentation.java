package io.eventweave.instrumentation.springwebflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.http.ReactiveServerRequest;
import net.bytebuddy.asm.Advice;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code org.springframework.web.reactive.HandlerAdapter.handle(ServerWebExchange, Object)} in its implementors
 * ({@code RequestMappingHandlerAdapter} for annotated controllers, {@code HandlerFunctionAdapter} for router
 * functions, {@code SimpleHandlerAdapter}, ...): {@code DispatcherHandler} calls it once the handler mapping has
 * matched, so the exchange's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE} holds the route's
 * {@code PathPattern} (set by {@code RequestMappingInfoHandlerMapping.handleMatch} and, for router functions, by
 * {@code RouterFunctionMapping}; 5.3.39 and 7.0.10 checked). The pattern goes to the request the server recorded,
 * found by the server's own request object: the exchange's request, unwrapped from its decorators, is an
 * {@code AbstractServerHttpRequest} whose {@code getNativeRequest()} is Reactor Netty's {@code HttpServerOperations}
 * (the key of {@link ReactiveServerRequest}). A request no handler matched (404) has no route.
 */
public final class HandlerAdapterInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.subtypesOf("org.springframework.web.reactive.HandlerAdapter");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdviceIfPresent(named("handle").and(takesArguments(2)), getClass().getName() + "$HandleAdvice");
    }

    public static final class HandleAdvice {
        private HandleAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) ServerWebExchange exchange) {
            // the literal of HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE: a constant inlined by javac anyway
            Object pattern = exchange.getAttributes().get("org.springframework.web.reactive.HandlerMapping.bestMatchingPattern");
            if (pattern == null) {
                return;
            }
            ServerHttpRequest request = exchange.getRequest();
            while (request instanceof ServerHttpRequestDecorator) {
                request = ((ServerHttpRequestDecorator) request).getDelegate();
            }
            if (request instanceof AbstractServerHttpRequest) {
                ReactiveServerRequest recorded = ReactiveServerRequest.of(
                        ((AbstractServerHttpRequest) request).getNativeRequest());
                if (recorded != null) {
                    recorded.route(pattern);
                }
            }
        }
    }
}
