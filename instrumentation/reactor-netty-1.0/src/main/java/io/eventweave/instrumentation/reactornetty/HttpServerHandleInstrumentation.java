package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.ReactiveServerRequest;
import io.eventweave.runtime.http.RecordingServerHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.BiFunction;
import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerState;

/**
 * {@code reactor.netty.http.server.HttpServer$HttpServerHandle.onStateChange(Connection, State)} with
 * {@code HttpServerState.REQUEST_RECEIVED} (1.0.0 and 1.4.0): once per request, on the event loop, it applies the
 * application's handler to the request ({@code HttpServerOperations}) and subscribes to the handler's publisher,
 * synchronously. The request is recorded here, with a new span of the caller's {@code traceparent}; that context is
 * the event loop's for the duration of the call (restored at exit), so a client call the handler starts meanwhile
 * carries the same trace id. The event is emitted when the response ends ({@link HttpServerOperationsInstrumentation}).
 */
public final class HttpServerHandleInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.server.HttpServer$HttpServerHandle");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("onStateChange").and(takesArguments(2)), advice + "$RequestReceivedAdvice");
        transformer.applyAdvice(isConstructor().and(takesArguments(BiFunction.class)), advice + "$HandlerAdvice");
    }

    /**
     * The constructor {@code (BiFunction handler)}: the application's handler is wrapped
     * ({@link RecordingServerHandler}) so that what it throws synchronously, which the library swallows (it logs it
     * and closes the connection), ends the request's event with the exception.
     */
    public static final class HandlerAdvice {
        private HandlerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, readOnly = false) BiFunction<?, ?, ?> handler) {
            handler = RecordingServerHandler.wrap(handler);
        }
    }

    public static final class RequestReceivedAdvice {
        private RequestReceivedAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter(@Advice.Argument(0) Connection connection,
                @Advice.Argument(1) ConnectionObserver.State state) {
            if (state != HttpServerState.REQUEST_RECEIVED || !(connection instanceof HttpServerRequest)) {
                return null;
            }
            HttpServerRequest request = (HttpServerRequest) connection;
            SocketAddress local = connection.channel().localAddress();
            InetSocketAddress inet = local instanceof InetSocketAddress ? (InetSocketAddress) local : null;
            ReactiveServerRequest recorded = ReactiveServerRequest.start(HttpProviders.REACTOR_NETTY, connection,
                    request.method().name(), request.scheme(), inet == null ? null : inet.getHostString(),
                    inet == null ? 0 : inet.getPort(), request.uri(),
                    request.requestHeaders().get(HttpProviders.TRACEPARENT));
            return Trace.beginScope(recorded.trace);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext scope) {
            Trace.endScope(scope);
        }
    }
}
