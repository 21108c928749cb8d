package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.ReactiveServerRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.http.HttpOperations;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code reactor.netty.http.server.HttpServerOperations} (package-private, matched by name; 1.0.0 and 1.4.0), where a
 * request's response ends (the first of them emits the request's one event):
 * <ul>
 *   <li>{@code onOutboundComplete()}: the handler's publisher completed and the last frame is written; the status
 *       ({@code status()}) is final;</li>
 *   <li>{@code newFullBodyMessage(ByteBuf)}: the whole response is built in one message, with its final status (a
 *       body given as one {@code Mono}, {@code send()}, {@code sendNotFound()}). Needed: in one run with 1.0.0 on
 *       JDK 25, the two responses whose body came from a client call had no {@code onOutboundComplete} (the cause
 *       was not determined; {@code ChannelOperations.onComplete} skips it once the operations are disposed);</li>
 *   <li>{@code onOutboundError(Throwable)}: the handler's publisher failed with the exception that escaped. When the
 *       head is not sent yet and the connection is open, the library answers 500 (checked in both versions'
 *       source), which is the status recorded; on a closed connection (the client went away) no status was sent.</li>
 *   <li>{@code onInboundNext(ChannelHandlerContext, Object)} and, in 1.4.0, {@code onInboundClose()}, on the event
 *       loop: the request body's chunks, its end and a premature close reach the handler's subscribers inside these
 *       calls, which run in the request's context ({@code bodyToMono(...).flatMap(...)} chains a client call there);
 *       the event loop's own context is restored after;</li>
 *   <li>{@code onInboundClose()} (declared here in 1.4.0; 1.0.0 inherits {@code ChannelOperations}', see
 *       {@link ChannelOperationsInstrumentation}): the connection closed; a response not ended by then was abandoned
 *       by the client ({@link ReactiveServerRequest#closed}).</li>
 * </ul>
 */
public final class HttpServerOperationsInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.server.HttpServerOperations");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("onOutboundComplete").and(takesArguments(0)), advice + "$CompleteAdvice");
        transformer.applyAdvice(named("newFullBodyMessage").and(takesArguments(1)), advice + "$CompleteAdvice");
        transformer.applyAdvice(named("onOutboundError").and(takesArguments(1)), advice + "$ErrorAdvice");
        transformer.applyAdvice(named("onInboundNext").and(takesArguments(2)), advice + "$InboundAdvice");
        transformer.applyAdviceIfPresent(named("onInboundClose").and(takesArguments(0)), advice + "$CloseAdvice");
    }

    public static final class CompleteAdvice {
        private CompleteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This HttpServerResponse response) {
            ReactiveServerRequest request = ReactiveServerRequest.of(response);
            if (request == null) {
                return;
            }
            HttpResponseStatus status = response.status();
            request.end(status == null ? 0 : status.code(), null);
        }
    }

    public static final class ErrorAdvice {
        private ErrorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This HttpServerResponse response, @Advice.Argument(0) Throwable error) {
            ReactiveServerRequest request = ReactiveServerRequest.of(response);
            if (request == null) {
                return;
            }
            int status = 0;
            if (response instanceof Connection && ((Connection) response).channel().isActive()) {
                HttpResponseStatus current = response.status();
                boolean headSent = response instanceof HttpOperations && ((HttpOperations<?, ?>) response).hasSentHeaders();
                status = headSent ? (current == null ? 0 : current.code()) : HttpResponseStatus.INTERNAL_SERVER_ERROR.code();
            }
            request.end(status, error);
        }
    }

    public static final class InboundAdvice {
        private InboundAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter(@Advice.This Object request) {
            ReactiveServerRequest recorded = ReactiveServerRequest.of(request);
            return Trace.beginScope(recorded == null ? null : recorded.trace);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext scope) {
            Trace.endScope(scope);
        }
    }

    public static final class CloseAdvice {
        private CloseAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static ReactiveServerRequest enter(@Advice.This Object operations,
                @Advice.Local("ewScope") TraceContext scope) {
            ReactiveServerRequest recorded = ReactiveServerRequest.of(operations);
            scope = Trace.beginScope(recorded == null ? null : recorded.trace);
            return recorded;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter ReactiveServerRequest recorded,
                @Advice.Local("ewScope") TraceContext scope) {
            Trace.endScope(scope);
            if (recorded != null) {
                recorded.closed();
            }
        }
    }
}
