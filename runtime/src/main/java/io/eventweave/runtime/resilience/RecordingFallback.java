package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.Emit;
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

    static void emit(String provider, String name, Throwable trigger, boolean succeeded, long start) {
        try {
            Emit.fallbackInvoke(provider, name, trigger == null ? null : trigger.getClass(), succeeded, start,
                    System.nanoTime());
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
