package io.eventweave.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.InboundContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's own HTTP server ({@code com.sun.net.httpserver}): every exchange runs through
 * {@code Filter.Chain.doFilter} (the server's filters, then the application's, then its handler), on JDK 11 to 25.
 *
 * <p>While the handler runs, the request's trace context (from the caller's {@code traceparent}, see
 * {@link InboundContext}) is this thread's context, so the calls the handler makes carry the same trace id to the
 * next service. When the chain returns, {@code http.server.request} is emitted with the status the handler sent.
 * The agent's own endpoint (a context with the attribute {@link HttpProviders#AGENT_ENDPOINT}) is left out.
 */
public final class FilterChainInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("jdk.httpserver");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("com.sun.net.httpserver.Filter$Chain");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("doFilter").and(takesArguments(1)), getClass().getName() + "$ChainAdvice");
    }

    public static final class ChainAdvice {
        private ChainAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) HttpExchange exchange, @Advice.Local("ewOuter") boolean outer,
                @Advice.Local("ewStart") long start, @Advice.Local("ewTrace") TraceContext trace,
                @Advice.Local("ewPrevious") TraceContext previous, @Advice.Local("ewLocal") InetSocketAddress local, @Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(HttpExchange.class);
            outer = depth.getAndIncrement() == 0;
            if (!outer || exchange == null) {
                return;
            }
            if (exchange.getHttpContext().getAttributes().containsKey(HttpProviders.AGENT_ENDPOINT)) {
                return; // the agent's own endpoint: trace stays null, so the exit records nothing
            }
            local = exchange.getLocalAddress(); // now: once the handler closed the exchange it reads 0.0.0.0
            trace = InboundContext.of(exchange.getRequestHeaders().getFirst(HttpProviders.TRACEPARENT));
            previous = Trace.attach(trace);
            start = System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) HttpExchange exchange, @Advice.Thrown Throwable thrown,
                @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
                @Advice.Local("ewTrace") TraceContext trace, @Advice.Local("ewPrevious") TraceContext previous,
                @Advice.Local("ewLocal") InetSocketAddress local, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (!outer || exchange == null || trace == null) {
                return;
            }
            Trace.restore(previous);
            long end = System.nanoTime();
            URI uri = exchange.getRequestURI();
            int status = exchange.getResponseCode();
            HttpEvents.serverRequest(HttpProviders.JDK_HTTPSERVER, exchange.getRequestMethod(),
                    exchange instanceof HttpsExchange ? "https" : "http", local == null ? null : local.getHostString(),
                    local == null ? 0 : local.getPort(), uri.getRawPath(), status > 0 ? status : 0,
                    thrown, start, end, trace);
        }
    }
}
