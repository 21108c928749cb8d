package io.eventweave.instrumentation.jdkhttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.net.http.HttpClient;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.AsyncResponseCallback;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.OutboundContext;
import io.eventweave.runtime.http.ReportedFuture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.net.http.HttpClient}: {@code send} and {@code sendAsync} of {@code jdk.internal.net.http.HttpClientImpl}
 * (the facade {@code HttpClient.newHttpClient()} returns delegates to it, on JDK 11 to 25).
 *
 * <p>{@code send} emits when it returns or throws; {@code sendAsync} (the public 3-argument form, which the
 * 2-argument one calls) hands the application a future that completes once the event was emitted
 * ({@link ReportedFuture}), when the response or the failure arrives. The {@code traceparent} header is added by copying the request with the public
 * {@code HttpRequest.newBuilder(request, filter)} (JDK 16+), only when the request has none; a header the
 * application set itself is kept and its ids are recorded ({@link OutboundContext}).
 */
public final class HttpClientImplInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.net.http");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("jdk.internal.net.http.HttpClientImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("send").and(takesArguments(2)).and(isPublic()),
                advice + "$StartAdvice", advice + "$SendExitAdvice");
        transformer.applyAdvice(named("sendAsync").and(takesArguments(3)).and(isPublic()),
                advice + "$StartAdvice", advice + "$SendAsyncExitAdvice");
    }

    /**
     * Entry of {@code send} and {@code sendAsync}: the call-depth guard, the outbound trace context and, when the
     * request has none, a copy of the request with {@code traceparent}. Its named locals are read by both exits.
     */
    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request,
                @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
                @Advice.Local("ewTrace") TraceContext trace, @Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(HttpClient.class);
            outer = depth.getAndIncrement() == 0;
            if (!outer || request == null) {
                return;
            }
            String own = request.headers().firstValue(HttpProviders.TRACEPARENT).orElse(null);
            trace = OutboundContext.of(own);
            if (trace != null && own == null && Emit.propagate()) {
                request = HttpRequest.newBuilder(request, HttpProviders.ALL_HEADERS)
                        .setHeader(HttpProviders.TRACEPARENT, trace.traceparent(trace.spanId))
                        .build();
            }
            start = System.nanoTime();
        }
    }

    /** Exit of {@code send}: the response or the exception is there. */
    public static final class SendExitAdvice {
        private SendExitAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpRequest request, @Advice.Return HttpResponse<?> response,
                @Advice.Thrown Throwable thrown, @Advice.Local("ewOuter") boolean outer,
                @Advice.Local("ewStart") long start, @Advice.Local("ewTrace") TraceContext trace, @Advice.Local("ewDepth") CallDepth depth) throws Throwable {
            depth.decrementAndGet();
            if (!outer || request == null) {
                return;
            }
            long end = System.nanoTime();
            int status = 0;
            int resends = 0;
            if (response != null) {
                status = response.statusCode();
                resends = AsyncResponseCallback.ResponseHandles.previousResponses(response);
            }
            HttpEvents.clientRequest(HttpProviders.JDK_HTTPCLIENT, request.method(), request.uri(), status, resends,
                    response == null ? thrown : null, start, end, trace);
        }
    }

    /**
     * Exit of {@code sendAsync}: the application gets a {@link ReportedFuture}, which completes once the event's
     * callback has run (so a last call before the application exits still has its event).
     */
    public static final class SendAsyncExitAdvice {
        private SendAsyncExitAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpRequest request,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) CompletableFuture<?> future,
                @Advice.Thrown Throwable thrown,
                @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
                @Advice.Local("ewTrace") TraceContext trace, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (!outer || request == null) {
                return;
            }
            URI uri = request.uri();
            if (future != null) {
                future = ReportedFuture.after(future, new AsyncResponseCallback(request.method(), uri.getScheme(),
                        uri.getHost(), uri.getPort(), uri.getRawPath(), start, trace));
            } else if (thrown != null) {
                HttpEvents.clientRequest(HttpProviders.JDK_HTTPCLIENT, request.method(), uri, 0, 0, thrown, start,
                        System.nanoTime(), trace);
            }
        }
    }
}
