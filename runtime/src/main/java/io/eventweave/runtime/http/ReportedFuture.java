package io.eventweave.runtime.http;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The future {@code HttpClient.sendAsync} hands the application under the agent: it completes as the request's own
 * future does, once the event's callback has run. With the callback merely attached to the request's future, an
 * application that exits right after {@code join()} could end before the callback ran (the joining thread is woken
 * first: a future runs its dependents last-in, first-out), and its last call had no event. Cancelling it cancels the
 * request's future too, as cancelling that one would (the JDK's {@code HttpClientImpl}, 16+, aborts the exchange).
 * Its dependent stages are plain {@code CompletableFuture}s. The OpenTelemetry agent hands out a wrapped future for
 * the same reason.
 */
public final class ReportedFuture<T> extends CompletableFuture<T> {
    private final CompletableFuture<?> request;

    private ReportedFuture(CompletableFuture<?> request) {
        this.request = request;
    }

    /** A future completing with {@code request}'s value or failure after {@code callback} has seen it. */
    public static <T> CompletableFuture<T> after(CompletableFuture<T> request, BiConsumer<Object, Throwable> callback) {
        ReportedFuture<T> reported = new ReportedFuture<>(request);
        request.whenComplete(new Relay<>(reported, callback));
        return reported;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        request.cancel(mayInterruptIfRunning);
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /** Runs the callback, then completes the application's future (a class: no lambda on the bootstrap path). */
    private static final class Relay<T> implements BiConsumer<T, Throwable> {
        private final ReportedFuture<T> reported;
        private final BiConsumer<Object, Throwable> callback;

        Relay(ReportedFuture<T> reported, BiConsumer<Object, Throwable> callback) {
            this.reported = reported;
            this.callback = callback;
        }

        @Override
        public void accept(T value, Throwable failure) {
            try {
                callback.accept(value, failure);
            } finally {
                if (failure != null) {
                    reported.completeExceptionally(failure);
                } else {
                    reported.complete(value);
                }
            }
        }
    }
}
