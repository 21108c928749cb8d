package io.eventweave.instrumentation.jdkurlconnection;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.http.HttpProviders;
import io.eventweave.runtime.http.UrlConnectionRequests;
import java.net.HttpURLConnection;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.net.HttpURLConnection} as implemented by {@code sun.net.www.protocol.http.HttpURLConnection} (also the
 * delegate behind HTTPS connections). Advice on {@code connect}, {@code getOutputStream} and {@code getInputStream};
 * {@code getResponseCode} and the header getters go through {@code getInputStream}, so the call-depth guard and the
 * per-connection state in {@link UrlConnectionRequests} make one event per exchange. The status is read from the
 * connection's own {@code responseCode} field: no method with side effects is called.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("sun.net.www.protocol.http.HttpURLConnection");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(namedOneOf("connect", "getOutputStream", "getInputStream").and(takesArguments(0)),
                getClass().getName() + "$ExchangeAdvice");
    }

    /** The same advice on all three methods; {@code #m} (the method name) is a constant inlined per method. */
    public static final class ExchangeAdvice {
        private ExchangeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.This HttpURLConnection connection,
                @Advice.FieldValue("connected") boolean connected, @Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(HttpURLConnection.class);
            boolean outer = depth.getAndIncrement() == 0;
            if (outer) {
                UrlConnectionRequests.begin(connection, connected);
            }
            return outer;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter boolean outer,
                @Advice.Origin("#m") String method, @Advice.FieldValue("responseCode") int responseCode,
                @Advice.Thrown Throwable thrown, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (outer) {
                UrlConnectionRequests.end(connection, method, responseCode, thrown);
            }
        }
    }
}
