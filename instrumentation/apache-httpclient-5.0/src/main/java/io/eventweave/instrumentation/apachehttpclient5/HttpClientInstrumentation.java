package io.eventweave.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.OutboundContext;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RedirectLocations;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The classic clients' {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, where every
 * {@code CloseableHttpClient.execute} overload arrives, the response-handler ones included (5.0.4 and 5.6.5:
 * {@code InternalHttpClient}, {@code MinimalHttpClient}). One event per call, when the response arrives (a response
 * handler runs after it: what it throws is the application's), retries and redirects inside; redirects followed are
 * counted from the context's {@code RedirectLocations}, so a call without a context is given one.
 * {@code traceparent} is set on the application's request, which the client copies for the chain and each retry.
 */
public final class HttpClientInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("doExecute").and(takesArguments(3)), getClass().getName() + "$ExecuteAdvice");
    }

    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) ClassicHttpRequest request,
                @Advice.Argument(value = 2, readOnly = false) HttpContext context,
                @Advice.Local("ewDepth") CallDepth depth, @Advice.Local("ewOuter") boolean outer,
                @Advice.Local("ewStart") long start, @Advice.Local("ewTrace") TraceContext trace) {
            depth = CallDepth.forClass(ClassicHttpRequest.class);
            outer = depth.getAndIncrement() == 0;
            if (!outer || request == null) {
                return;
            }
            if (context == null) {
                context = HttpClientContext.create();
            }
            Header own = request.getFirstHeader(HttpProviders.TRACEPARENT);
            trace = OutboundContext.of(own == null ? null : own.getValue());
            if (trace != null && own == null) {
                request.setHeader(HttpProviders.TRACEPARENT, trace.traceparent(trace.spanId));
            }
            start = System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request,
                @Advice.Argument(2) HttpContext context, @Advice.Return CloseableHttpResponse response,
                @Advice.Thrown Throwable thrown, @Advice.Local("ewDepth") CallDepth depth,
                @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
                @Advice.Local("ewTrace") TraceContext trace) throws Exception {
            depth.decrementAndGet();
            if (!outer || request == null) {
                return;
            }
            long end = System.nanoTime();
            URI uri = request.getUri();
            RedirectLocations redirects = context == null ? null
                    : HttpClientContext.adapt(context).getRedirectLocations();
            HttpEvents.clientRequest(HttpProviders.APACHE_HTTPCLIENT, request.getMethod(),
                    target != null ? target.getSchemeName() : uri.getScheme(),
                    target != null ? target.getHostName() : uri.getHost(),
                    target != null ? target.getPort() : uri.getPort(), uri.getRawPath(),
                    response == null ? 0 : response.getCode(), redirects == null ? 0 : redirects.size(), thrown,
                    start, end, trace);
        }
    }
}
