package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * A retry decision under way on this thread, for a library that computes the wait before the next attempt in a local
 * variable and reports the retry right after (Resilience4j's {@code RetryImpl} contexts):
 * <ol>
 *   <li>the advice of the method that decides {@linkplain #open opens} a note with the failure being retried (none
 *       for a result) and {@linkplain #close closes} it when that method returns or throws;</li>
 *   <li>the library's call of its interval function in that method is replaced by {@link #interval}, which makes the
 *       call and notes the attempt number and the wait it returned;</li>
 *   <li>the advice of the method that reports the retry {@linkplain #hasInterval finds} the noted wait and
 *       {@linkplain #report reports} it.</li>
 * </ol>
 * One holder per thread, made on its first use; a decision opened inside another (a retried call made by an interval
 * function or a result predicate) stacks on it, so neither sees the other's failure or wait. Nothing is allocated
 * per call but a deeper stack the first time a thread nests that deep.
 */
public final class PendingRetry {
    private static final ThreadLocal<PendingRetry> NOTES = ThreadLocal.withInitial(PendingRetry::new);

    private Throwable[] failures = new Throwable[2];
    private boolean[] negativeStops = new boolean[2];
    /** Open decisions; the innermost is at {@code depth - 1}. */
    private int depth;
    /** The innermost decision's interval function returned a wait that was not reported yet. */
    private boolean computed;
    private int attempt;
    private long intervalMillis;
    /** Decisions opened on this thread so far: a failure that opened none was not retried (the predicate ignored it). */
    private int opened;

    private PendingRetry() {
    }

    /** This thread's notes. */
    public static PendingRetry current() {
        return NOTES.get();
    }

    /**
     * A decision starts: a wait computed from now on belongs to it.
     *
     * @param failure the failure being retried, null for a result
     * @param negativeStops whether this decision gives up, rather than retries, when its wait is negative (for the
     *                      library version in use to act on)
     */
    public void open(Throwable failure, boolean negativeStops) {
        if (depth == failures.length) {
            failures = Arrays.copyOf(failures, depth * 2);
            this.negativeStops = Arrays.copyOf(this.negativeStops, depth * 2);
        }
        failures[depth] = failure;
        this.negativeStops[depth] = negativeStops;
        depth++;
        opened++;
        computed = false;
    }

    /**
     * How many decisions this thread has {@linkplain #open opened}: read before and after a library method that
     * decides on a failure only when its retry predicate accepts it, the same count means it did not (an ignored
     * failure). Wraps around after 2^32 decisions, which only an equality compares.
     */
    public int opened() {
        return opened;
    }

    /** The innermost decision is over (returned or threw): its note and any wait it did not report are dropped. */
    public void close() {
        computed = false;
        if (depth > 0) {
            depth--;
            failures[depth] = null; // no reference to the application's exception stays behind
        }
    }

    /**
     * The substitute of the library's {@code intervalFunction.apply(attempt, failureOrResult)}: the same call, whose
     * result, a {@code Long} of milliseconds, is noted for the innermost open decision with the attempt number. What
     * the function returns or throws reaches the library unchanged; a result that is not a {@code Long} (or an attempt
     * that is not an {@code Integer}) is not noted, and the library fails on it as it would have.
     */
    public static Object interval(BiFunction<Object, Object, Object> function, Object attempt,
            Object failureOrResult) {
        Object interval = function.apply(attempt, failureOrResult);
        try {
            if (interval instanceof Long && attempt instanceof Integer) {
                NOTES.get().noteInterval((Integer) attempt, (Long) interval);
            }
        } catch (Throwable t) {
            AgentErrors.adviceFailed(t);
        }
        return interval;
    }

    private void noteInterval(int attempt, long intervalMillis) {
        if (depth > 0) {
            this.attempt = attempt;
            this.intervalMillis = intervalMillis;
            computed = true;
        }
    }

    /** Whether the innermost open decision computed a wait that was not reported yet. */
    public boolean hasInterval() {
        return computed && depth > 0;
    }

    /** The wait the interval function returned last, in milliseconds; meaningful while {@link #hasInterval}. */
    public long intervalMillis() {
        return intervalMillis;
    }

    /**
     * Reports the wait {@link #hasInterval} found as {@code retry.attempt} of the attempt the interval function was
     * given and the decision's failure, and takes it: {@code will_retry} with the wait in nanoseconds (left out of the
     * line when negative), or {@code exhausted} without one.
     */
    public void report(String provider, String name, PolicyResult result) {
        computed = false;
        long waitNanos = result == PolicyResult.WILL_RETRY ? Math.multiplyExact(intervalMillis, 1_000_000L) : -1;
        PolicyEvents.retryAttempt(provider, name, attempt, result, waitNanos, failure());
    }

    /** The innermost open decision's failure, null for a result or when none is open. */
    public Throwable failure() {
        return depth > 0 ? failures[depth - 1] : null;
    }

    /** The innermost open decision's {@code negativeStops}. */
    public boolean negativeStops() {
        return depth > 0 && negativeStops[depth - 1];
    }
}
