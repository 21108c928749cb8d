package io.eventweave.instrumentation.servletjavax;

import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.ServletExchange;
import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * The outermost {@code Filter.doFilter}/{@code Servlet.service} on a thread is a dispatch of a request. The first
 * ({@code DispatcherType.REQUEST}) starts its {@link ServletExchange} (kept as a request attribute) and ends it when
 * it returns, or, when the request went async, adds the exchange's {@code AsyncListener}. Every dispatch of the
 * request (async, error, forward) runs in its trace context, restored after. The same calls from Servlet 3.0 to 4.0.
 */
public final class ServletRequestAdvice {
    private ServletRequestAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) ServletRequest request, @Advice.Argument(1) ServletResponse response,
            @Advice.Local("ewDepth") CallDepth depth, @Advice.Local("ewExchange") ServletExchange exchange,
            @Advice.Local("ewFirst") boolean first, @Advice.Local("ewPrevious") TraceContext previous) {
        depth = CallDepth.forClass(ServletRequest.class);
        if (depth.getAndIncrement() != 0 || !(request instanceof HttpServletRequest)) {
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        exchange = ServletExchange.of(http.getAttribute(ServletExchange.ATTRIBUTE));
        if (exchange == null) {
            if (http.getDispatcherType() != DispatcherType.REQUEST) {
                return;
            }
            exchange = ServletExchange.start(http.getHeader(HttpProviders.TRACEPARENT), http.getMethod(),
                    http.getScheme(), http.getLocalAddr(), http.getLocalPort(), http.getRequestURI(), response);
            http.setAttribute(ServletExchange.ATTRIBUTE, exchange);
            first = true;
        }
        previous = Trace.attach(exchange.trace);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) ServletRequest request, @Advice.Argument(1) ServletResponse response,
            @Advice.Thrown Throwable thrown, @Advice.Local("ewDepth") CallDepth depth,
            @Advice.Local("ewExchange") ServletExchange exchange, @Advice.Local("ewFirst") boolean first,
            @Advice.Local("ewPrevious") TraceContext previous) {
        depth.decrementAndGet();
        if (exchange == null) {
            return;
        }
        Trace.restore(previous);
        if (!first) {
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        exchange.route(http.getAttribute(ServletExchange.SPRING_ROUTE));
        if (http.isAsyncStarted()) {
            Object listener = exchange.asyncListener(AsyncListener.class);
            if (listener != null) {
                http.getAsyncContext().addListener((AsyncListener) listener);
            }
        } else if (response instanceof HttpServletResponse) {
            HttpServletResponse httpResponse = (HttpServletResponse) response;
            exchange.end(httpResponse.getStatus(), httpResponse.isCommitted(), thrown);
        }
    }
}
