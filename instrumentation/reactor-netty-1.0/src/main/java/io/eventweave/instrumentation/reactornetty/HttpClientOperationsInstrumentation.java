package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.ReactiveClientCall;
import io.netty.handler.codec.http.HttpHeaders;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientRequest;

/**
 * {@code reactor.netty.http.client.HttpClientOperations} (package-private class, matched by name; 1.0.0 and 1.4.0),
 * one per attempt of a call:
 * <ul>
 *   <li>{@code beforeMarkSentHeaders()}: {@code HttpOperations.markSentHeaders} calls it once per attempt, while the
 *       head is not yet sent and after the application's headers and send function are applied. The last point where
 *       {@code traceparent} can still be added, which is done here unless the request has one (the application's own
 *       is kept and recorded).</li>
 *   <li>{@code onInboundNext(ChannelHandlerContext, Object)} and {@code onInboundClose()}, on the event loop: every
 *       part of the response (the head, which completes the application's response {@code Mono}; each body chunk;
 *       the last, which completes the body) and a premature close are delivered to the application's subscribers
 *       inside these calls. They run in the context of the thread that subscribed to the call, so what the
 *       application chains on the response (a second call, a hand-over to a pool) stays in its trace; the event
 *       loop's own context is restored after.</li>
 * </ul>
 */
public final class HttpClientOperationsInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.client.HttpClientOperations");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("beforeMarkSentHeaders").and(takesArguments(0)), advice + "$HeadAdvice");
        transformer.applyAdvice(named("onInboundNext").and(takesArguments(2)).or(named("onInboundClose")
                .and(takesArguments(0))), advice + "$InboundAdvice");
    }

    public static final class HeadAdvice {
        private HeadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This HttpClientRequest request) {
            ReactiveClientCall call = ReactiveClientCall.ofAttempt(request);
            if (call == null) {
                return;
            }
            HttpHeaders headers = request.requestHeaders();
            String value = call.traceparentFor(headers.get(HttpProviders.TRACEPARENT));
            if (value != null && Emit.propagate()) {
                headers.set(HttpProviders.TRACEPARENT, value);
            }
        }
    }

    public static final class InboundAdvice {
        private InboundAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter(@Advice.This Object attempt) {
            ReactiveClientCall call = ReactiveClientCall.ofAttempt(attempt);
            return Trace.beginScope(call == null ? null : call.callerContext());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext scope) {
            Trace.endScope(scope);
        }
    }
}
