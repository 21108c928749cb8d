package io.eventweave.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.http.OkHttpCallInterceptor;
import java.util.List;
import net.bytebuddy.asm.Advice;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * {@code OkHttpClient$Builder}'s constructors — {@code new OkHttpClient.Builder()}, the one {@code newBuilder()} uses,
 * and the one {@code new OkHttpClient()} uses (3.12.13, 4.12.0, 5.5.1: javap; {@code interceptors()} is the builder's
 * own mutable list in all three): {@link OkHttpCallInterceptor} goes first among the application interceptors, once
 * (a builder made from a client copies the client's list, ours included, which 4.x and 5.x do after their primary
 * constructor added one: the copy is removed). Every call of every client then runs
 * through it.
 */
public final class OkHttpClientBuilderInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("okhttp3.OkHttpClient$Builder");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor(), getClass().getName() + "$ConstructorAdvice");
    }

    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This OkHttpClient.Builder builder) {
            // 4.x/5.x: the builder copied from a client runs the primary constructor (ours added) before copying the
            // client's list (ours again): one is kept, the first
            List<Interceptor> interceptors = builder.interceptors();
            boolean found = false;
            for (java.util.Iterator<Interceptor> i = interceptors.iterator(); i.hasNext();) {
                if (OkHttpCallInterceptor.isOurs(i.next())) {
                    if (found) {
                        i.remove();
                    }
                    found = true;
                }
            }
            if (!found) {
                interceptors.add(0, (Interceptor) OkHttpCallInterceptor.of(Interceptor.class));
            }
        }
    }
}
