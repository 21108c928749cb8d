package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.PolicyEvents;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Wraps a fallback handler an application gives a library ({@code withFallback(handler)}): calls it exactly as
 * the library would, returns or throws exactly what it does, and emits {@code fallback.invoke} with the failure
 * that triggered it, the handler's own outcome and its duration.
 */
public final class RecordingFallback {
    private RecordingFallback() {
    }

    /** {@code Function<Throwable, T>}: called only when the call failed. */
    public static <T> Function<Throwable, T> of(Function<Throwable, T> handler, String provider, String name) {
        if (handler == null || handler instanceof OnFailure) {
            return handler;
        }
        return new OnFailure<>(handler, provider, name);
    }

    /** {@code BiFunction<T, Throwable, T>}: called on every result; a fallback only when the throwable is set. */
    public static <T> BiFunction<T, Throwable, T> of(BiFunction<T, Throwable, T> handler, String provider,
            String name) {
        if (handler == null || handler instanceof OnResult) {
            return handler;
        }
        return new OnResult<>(handler, provider, name);
    }

    /** Checked functional interfaces of fallback handlers: 1.x (vavr) and 2.x (resilience4j-core). */
    private static final Set<String> CHECKED = Set.of("io.vavr.CheckedFunction1",
            "io.vavr.CheckedFunction2", "io.github.resilience4j.core.functions.CheckedFunction",
            "io.github.resilience4j.core.functions.CheckedBiFunction");

    /**
     * Any exception-triggered fallback handler: a JDK {@code Function} or {@code BiFunction}, or a checked functional
     * interface of the library, wrapped by a {@link Proxy} made in that interface's own class loader.
     * Anything else is returned as it is.
     */
    @SuppressWarnings("unchecked")
    public static Object wrap(Object handler, String provider, String name) {
        if (handler instanceof Function) {
            return of((Function<Throwable, Object>) handler, provider, name);
        }
        if (handler instanceof BiFunction) {
            return of((BiFunction<Object, Throwable, Object>) handler, provider, name);
        }
        if (handler == null || Proxy.isProxyClass(handler.getClass())
                && Proxy.getInvocationHandler(handler) instanceof CheckedHandler) {
            return handler; // already ours
        }
        for (Class<?> type : handler.getClass().getInterfaces()) {
            if (CHECKED.contains(type.getName())) {
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        new CheckedHandler(handler, provider, name));
            }
        }
        return handler;
    }

    /** Calls the checked handler's {@code apply} exactly as given; default and Object methods are passed through. */
    private static final class CheckedHandler implements InvocationHandler {
        private final Object handler;
        private final String provider;
        private final String name;

        CheckedHandler(Object handler, String provider, String name) {
            this.handler = handler;
            this.provider = provider;
            this.name = name;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "RecordingFallback(" + handler.getClass().getName() + ")";
                }
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Throwable trigger = args == null ? null
                    : args.length == 1 && args[0] instanceof Throwable ? (Throwable) args[0]
                    : args.length == 2 && args[1] instanceof Throwable ? (Throwable) args[1] : null;
            if (trigger == null) {
                return call(method, args);
            }
            long start = System.nanoTime();
            boolean succeeded = false;
            try {
                Object result = call(method, args);
                succeeded = true;
                return result;
            } finally {
                emit(provider, name, trigger, succeeded, start);
            }
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                method.setAccessible(true);
                return method.invoke(handler, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    static void emit(String provider, String name, Throwable trigger, boolean succeeded, long start) {
        try {
            PolicyEvents.fallbackInvoke(provider, name, trigger, succeeded, start, System.nanoTime());
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.CALLBACK, t);
        }
    }

    private static final class OnFailure<T> implements Function<Throwable, T> {
        private final Function<Throwable, T> handler;
        private final String provider;
        private final String name;

        OnFailure(Function<Throwable, T> handler, String provider, String name) {
            this.handler = handler;
            this.provider = provider;
            this.name = name;
        }

        @Override
        public T apply(Throwable failure) {
            long start = System.nanoTime();
            boolean succeeded = false;
            try {
                T result = handler.apply(failure);
                succeeded = true;
                return result;
            } finally {
                emit(provider, name, failure, succeeded, start);
            }
        }
    }

    private static final class OnResult<T> implements BiFunction<T, Throwable, T> {
        private final BiFunction<T, Throwable, T> handler;
        private final String provider;
        private final String name;

        OnResult(BiFunction<T, Throwable, T> handler, String provider, String name) {
            this.handler = handler;
            this.provider = provider;
            this.name = name;
        }

        @Override
        public T apply(T result, Throwable failure) {
            if (failure == null) {
                return handler.apply(result, null);
            }
            long start = System.nanoTime();
            boolean succeeded = false;
            try {
                T value = handler.apply(result, failure);
                succeeded = true;
                return value;
            } finally {
                emit(provider, name, failure, succeeded, start);
            }
        }
    }
}
