package io.eventweave.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.http.ApacheAsyncExchange;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The async clients' {@code doExecute(HttpHost, AsyncRequestProducer, AsyncResponseConsumer, HandlerFactory,
 * HttpContext, FutureCallback)}, where every {@code CloseableHttpAsyncClient.execute} overload arrives (5.0.4 and
 * 5.6.5: {@code InternalAbstractHttpAsyncClient} for the default and HTTP/2 clients, {@code MinimalHttpAsyncClient}),
 * on the thread that calls it: the producer and the callback are wrapped by an {@link ApacheAsyncExchange}, which
 * sees the request when it goes out and emits when the callback is told the outcome (a callback is given when the
 * application passed none, and a context, for the status and the redirects).
 */
public final class AsyncClientInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                "org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("doExecute").and(takesArguments(6)), getClass().getName() + "$ExecuteAdvice");
    }

    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
                @Advice.Argument(value = 4, readOnly = false) HttpContext context,
                @Advice.Argument(value = 5, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback,
                @Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(AsyncRequestProducer.class);
            if (depth.getAndIncrement() != 0 || producer == null) {
                return;
            }
            if (context == null) {
                context = HttpClientContext.create();
            }
            ApacheAsyncExchange exchange = ApacheAsyncExchange.start(context);
            producer = exchange.producer(producer, AsyncRequestProducer.class);
            callback = exchange.callback(callback, FutureCallback.class);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
        }
    }
}
