package io.eventweave.instrumentation.resilience4j;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What retried calls allocate on the calling thread, measured with {@code ThreadMXBean.getCurrentThreadAllocatedBytes}
 * around a batch after a warm-up, printed as {@code retries <n> allocated <bytes>} ({@code args[0]}: calls per kind,
 * default 1000). The batch retries failures and results, sync and async (through a scheduler that runs the next
 * attempt at once on the calling thread), with no event consumer registered, so the library builds no event of its
 * own. The app allocates nothing per call itself (its failures, results and suppliers are made once), so the
 * difference with and without the agent is what the agent allocates. The IT runs it interpreted ({@code -Xint}): every
 * allocation the code makes is counted, and none depends on what the JIT compiler inlines, which the advice's larger
 * methods change (with C2, even with escape analysis off, the library's own allocations then differ by a few bytes
 * per call either way).
 */
public final class RetryAllocationApp {
    private static final int WARM_UP = 300;
    private static final int CALLS = 1_000;
    /** Attempts per call: every call is retried {@code MAX_ATTEMPTS - 1} times. */
    private static final int MAX_ATTEMPTS = 4;

    private RetryAllocationApp() {
    }

    public static void main(String[] args) {
        Retry errors = Retry.of("alloc-errors", RetryConfig.custom().maxAttempts(MAX_ATTEMPTS)
                .waitDuration(Duration.ZERO).build());
        Retry results = Retry.of("alloc-results", RetryConfig.<String>custom().maxAttempts(MAX_ATTEMPTS)
                .waitDuration(Duration.ZERO).retryOnResult("pending"::equals).build());
        // 1.x completes an async call at once when the wait is below 1 ms; the scheduler does not wait anyway
        Retry async = Retry.of("alloc-async", RetryConfig.<String>custom().maxAttempts(MAX_ATTEMPTS)
                .waitDuration(Duration.ofMillis(1)).retryOnResult("pending"::equals).build());
        Batch batch = new Batch(errors, results, async);
        batch.run(WARM_UP);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : CALLS;
        batch.run(calls);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // every call of a round is retried MAX_ATTEMPTS - 1 times (1.x reports no retry of an async result, but makes it)
        long retries = (long) calls * Batch.CALLS_PER_ROUND * (MAX_ATTEMPTS - 1);
        System.out.println("retries " + retries + " allocated " + allocated);
    }

    /** Six calls a round: a failure retried until success and until exhausted, the same for a result, and async. */
    private static final class Batch {
        static final int CALLS_PER_ROUND = 6;
        private static final RuntimeException BUSY = new Busy();
        private static final CompletionStage<String> FAILED = failed();
        private static final CompletionStage<String> PENDING = CompletableFuture.completedFuture("pending");
        private static final CompletionStage<String> READY = CompletableFuture.completedFuture("ready");

        private final Retry errors;
        private final Retry results;
        private final Retry async;
        private final ScheduledExecutorService scheduler = new InlineScheduler();
        private int failuresLeft;
        private final Supplier<String> failing = () -> {
            if (failuresLeft-- > 0) {
                throw BUSY;
            }
            return "ready";
        };
        private final Supplier<String> polling = () -> failuresLeft-- > 0 ? "pending" : "ready";
        private final Supplier<CompletionStage<String>> failingAsync = () -> failuresLeft-- > 0 ? FAILED : READY;
        private final Supplier<CompletionStage<String>> pollingAsync = () -> failuresLeft-- > 0 ? PENDING : READY;

        Batch(Retry errors, Retry results, Retry async) {
            this.errors = errors;
            this.results = results;
            this.async = async;
        }

        void run(int rounds) {
            for (int i = 0; i < rounds; i++) {
                failuresLeft = MAX_ATTEMPTS - 1; // succeeds on the last attempt
                errors.executeSupplier(failing);
                failuresLeft = MAX_ATTEMPTS; // exhausted
                try {
                    errors.executeSupplier(failing);
                } catch (Busy expected) {
                    // the last failure
                }
                failuresLeft = MAX_ATTEMPTS - 1;
                results.executeSupplier(polling);
                failuresLeft = MAX_ATTEMPTS; // exhausted: returns the last result
                results.executeSupplier(polling);
                failuresLeft = MAX_ATTEMPTS - 1;
                async.executeCompletionStage(scheduler, failingAsync);
                failuresLeft = MAX_ATTEMPTS - 1;
                async.executeCompletionStage(scheduler, pollingAsync);
            }
        }

        private static CompletionStage<String> failed() {
            CompletableFuture<String> future = new CompletableFuture<>();
            future.completeExceptionally(BUSY);
            return future;
        }
    }

    /** Without a stack trace: made once, thrown by every failing attempt. */
    private static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("busy", null, false, false);
        }
    }

    /** Runs what the async retry schedules at once, on the calling thread, so that its allocations are measured. */
    private static final class InlineScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            command.run();
            return null;
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return Collections.emptyList();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
