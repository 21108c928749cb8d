package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.ReactiveClientCall;
import io.netty.handler.codec.http.HttpMethod;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientConfig;

/**
 * {@code reactor.netty.http.client.HttpClientConnect$HttpClientHandler}: one per subscription of the client's
 * {@code Mono} ({@code HttpClientConnect$MonoHttpConnect.subscribe} creates it on the subscribing thread, before
 * anything goes to the event loop), shared by every attempt of that request. Checked in 1.0.0 and 1.4.0.
 *
 * <ul>
 *   <li>constructor {@code (HttpClientConfig)}: the call starts; the subscribing thread's trace context is captured
 *       here ({@link ReactiveClientCall#start}), never the event loop's;</li>
 *   <li>{@code requestWithBody(HttpClientOperations)}, on the event loop, once per attempt: the attempt's request
 *       object is tied to the call, for {@link HttpClientOperationsInstrumentation} (its body may already write the
 *       head: a request without body is sent by {@code HttpClientOperations.send()} inside it);</li>
 *   <li>{@code test(Throwable)}, the filter of the {@code retryWhen} around each attempt: {@code true} means another
 *       attempt follows (a redirect, or the one retry after a connection reset); {@code false} means the error
 *       reaches the application (connection refused, a {@code responseTimeout}, a premature close): the call's
 *       event.</li>
 * </ul>
 */
public final class HttpClientHandlerInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.client.HttpClientConnect$HttpClientHandler");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(isConstructor().and(takesArguments(1)), advice + "$ConstructorAdvice");
        transformer.applyAdvice(named("requestWithBody").and(takesArguments(1)), advice + "$RequestWithBodyAdvice");
        transformer.applyAdvice(named("test").and(takesArguments(Throwable.class)), advice + "$TestAdvice");
    }

    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object handler, @Advice.Argument(0) HttpClientConfig config) {
            // the URL as the constructor builds it (1.0.0 and 1.4.0): the base URL, then the uri, "/" when none
            String uri = config.uri();
            if (uri == null) {
                uri = "/";
            }
            String base = config.baseUrl();
            if (base != null && uri.startsWith("/")) {
                uri = base.endsWith("/") ? base.substring(0, base.length() - 1) + uri : base + uri;
            }
            HttpMethod method = config.method();
            ReactiveClientCall.start(HttpProviders.REACTOR_NETTY, handler, method == null ? null : method.name(), uri);
        }
    }

    public static final class RequestWithBodyAdvice {
        private RequestWithBodyAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object handler, @Advice.Argument(0) Object request) {
            ReactiveClientCall call = ReactiveClientCall.of(handler);
            if (call != null) {
                call.attempt(request);
            }
        }
    }

    public static final class TestAdvice {
        private TestAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable error,
                @Advice.Return boolean another) {
            ReactiveClientCall call = ReactiveClientCall.of(handler);
            if (call == null) {
                return;
            }
            if (another) {
                call.resend();
            } else {
                call.end(0, error);
            }
        }
    }
}
