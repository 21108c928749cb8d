package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.http.ReactiveClientCall;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * {@code reactor.netty.http.client.HttpClientConnect$HttpObserver}, constructor {@code (MonoSink, HttpClientHandler)}
 * (1.0.0 and 1.4.0): {@code HttpClientConnect$MonoHttpConnect.subscribe} runs each attempt of a call in
 * {@code Mono.create(sink -> ...)} and builds one of these with the attempt's sink first. That sink is disposed when
 * the attempt is over: after its response, after its error (which the handler's {@code test} sees), or when the
 * application cancelled the subscription (a {@code timeout()}, a {@code dispose()}, a {@code zip} whose other side
 * failed), the one case that leaves no other trace. The call's attempt watch ({@link ReactiveClientCall#attemptWatch})
 * is registered with {@code MonoSink.onDispose}; the {@code Disposable} that runs it is
 * {@code Mono.never().doOnCancel(watch).subscribe()} (reactor-core 3.4 API: no class of ours needs to be in the
 * application's class loader).
 */
public final class HttpObserverInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.http.client.HttpClientConnect$HttpObserver");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor().and(takesArguments(2)), getClass().getName() + "$AttemptAdvice");
    }

    public static final class AttemptAdvice {
        private AttemptAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) MonoSink<?> sink, @Advice.Argument(1) Object handler) {
            ReactiveClientCall call = ReactiveClientCall.of(handler);
            if (call != null) {
                sink.onDispose(Mono.never().doOnCancel(call.attemptWatch()).subscribe());
            }
        }
    }
}
