package io.eventweave.instrumentation.apachehttpclient4;

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
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.protocol.HttpContext;

/**
 * The clients' {@code doExecute(HttpHost, HttpRequest, HttpContext)}, where every {@code CloseableHttpClient.execute}
 * overload arrives, the {@code ResponseHandler} ones included (4.5.3 and 4.5.14: {@code InternalHttpClient},
 * {@code MinimalHttpClient}, and the deprecated {@code AbstractHttpClient} of {@code DefaultHttpClient}). One event per
 * call, when the response arrives (a response handler then runs outside it: what it throws is the application's),
 * its retries and redirects inside; redirects followed are counted from the context's redirect locations, so a call
 * without a context is given one. {@code traceparent} is set on the request (its headers are copied for each retry).
 */
public final class HttpClientInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("org.apache.http.impl.client.InternalHttpClient",
                "org.apache.http.impl.client.MinimalHttpClient", "org.apache.http.impl.client.AbstractHttpClient");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("doExecute").and(takesArguments(3)), getClass().getName() + "$ExecuteAdvice");
    }

    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) HttpRequest request,
                @Advice.Argument(value = 2, readOnly = false) HttpContext context,
                @Advice.Local("ewDepth") CallDepth depth, @Advice.Local("ewOuter") boolean outer,
                @Advice.Local("ewStart") long start, @Advice.Local("ewTrace") TraceContext trace) {
            depth = CallDepth.forClass(HttpRequest.class);
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
        public static void exit(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request,
                @Advice.Argument(2) HttpContext context, @Advice.Return CloseableHttpResponse response,
                @Advice.Thrown Throwable thrown, @Advice.Local("ewDepth") CallDepth depth,
                @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
                @Advice.Local("ewTrace") TraceContext trace) {
            depth.decrementAndGet();
            if (!outer || request == null) {
                return;
            }
            long end = System.nanoTime();
            URI uri = request instanceof HttpUriRequest ? ((HttpUriRequest) request).getURI()
                    : URI.create(request.getRequestLine().getUri());
            List<URI> redirects = context == null ? null : HttpClientContext.adapt(context).getRedirectLocations();
            HttpEvents.clientRequest(HttpProviders.APACHE_HTTPCLIENT, request.getRequestLine().getMethod(),
                    target != null ? target.getSchemeName() : uri.getScheme(),
                    target != null ? target.getHostName() : uri.getHost(),
                    target != null ? target.getPort() : uri.getPort(), uri.getRawPath(),
                    response == null ? 0 : response.getStatusLine().getStatusCode(),
                    redirects == null ? 0 : redirects.size(), thrown, start, end, trace);
        }
    }
}
