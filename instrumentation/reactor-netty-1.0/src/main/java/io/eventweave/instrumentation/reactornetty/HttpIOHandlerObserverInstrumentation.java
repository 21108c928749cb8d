package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.http.ReactiveClientCall;
import io.netty.handler.codec.http.HttpResponseStatus;
import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;

/**
 * {@code reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver.onStateChange(Connection, State)}: with
 * {@code HttpClientState.RESPONSE_RECEIVED} it completes the client's {@code Mono} with the response (1.0.0 and
 * 1.4.0). {@code HttpClientOperations.onInboundNext} fires that state only for a response that is not followed as a
 * redirect, so this is the final response of the call; the event is emitted at entry, before the application's
 * response handling runs.
 */
public final class HttpIOHandlerObserverInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("onStateChange").and(takesArguments(2)),
                getClass().getName() + "$ResponseAdvice");
    }

    public static final class ResponseAdvice {
        private ResponseAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Connection connection,
                @Advice.Argument(1) ConnectionObserver.State state, @Advice.FieldValue("handler") Object handler) {
            if (state != HttpClientState.RESPONSE_RECEIVED || !(connection instanceof HttpClientResponse)) {
                return;
            }
            ReactiveClientCall call = ReactiveClientCall.of(handler);
            if (call == null) {
                return;
            }
            HttpResponseStatus status = ((HttpClientResponse) connection).status();
            call.end(status == null ? 0 : status.code(), null);
        }
    }
}
