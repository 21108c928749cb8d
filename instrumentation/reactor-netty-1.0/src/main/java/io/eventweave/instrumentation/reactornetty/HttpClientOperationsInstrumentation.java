package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.ReactiveClientCall;
import io.netty.handler.codec.http.HttpHeaders;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientRequest;

/**
 * {@code reactor.netty.http.client.HttpClientOperations.beforeMarkSentHeaders()} (package-private class, matched by
 * name; 1.0.0 and 1.4.0): {@code HttpOperations.markSentHeaders} calls it once per attempt, while the head is not yet
 * sent and after the application's headers and send function are applied. The last point where {@code traceparent}
 * can still be added, which is done here unless the request has one (the application's own is kept and recorded).
 */
public final class HttpClientOperationsInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.client.HttpClientOperations");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("beforeMarkSentHeaders").and(takesArguments(0)),
                getClass().getName() + "$HeadAdvice");
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
}
