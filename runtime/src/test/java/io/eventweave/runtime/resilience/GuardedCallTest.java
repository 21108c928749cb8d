package io.eventweave.runtime.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapper a guard's decorator gets instead of the application's function: it calls the function exactly as
 * given, and while it runs the thread is inside the guard's frame (from the note its permission left) and in a trace.
 */
class GuardedCallTest {
    private static final String BREAKER = "io.github.resilience4j.circuitbreaker.CircuitBreaker";
    private static final String RETRY = "io.github.resilience4j.retry.Retry";
    private final Object breaker = new Object();
    private final Object retry = new Object();

    @AfterEach
    void nothingLeftOnTheThread() {
        assertNull(GuardStack.snapshot(), "no frame left behind");
        assertNull(Trace.current(), "no trace left behind");
    }

    @Test
    void insideTheFunctionTheThreadIsInsideTheGuardAndInATrace() throws Exception {
        AtomicReference<GuardFrame> seen = new AtomicReference<>();
        AtomicReference<TraceContext> trace = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        Supplier<String> guarded = (Supplier<String>) GuardedCall.wrap((Supplier<String>) () -> {
            seen.set(GuardStack.snapshot());
            trace.set(Trace.current());
            return "result";
        }, BREAKER, breaker);
        GuardStack.breakerPermitted(breaker, "cb", "HALF_OPEN");
        assertEquals("result", guarded.get());
        assertEquals(GuardFrame.Kind.CIRCUIT_BREAKER, seen.get().kind);
        assertEquals("cb", seen.get().name);
        assertEquals(BreakerState.HALF_OPEN, seen.get().state);
        assertNull(seen.get().outer);
        assertNotNull(trace.get(), "the outermost guarded call starts a trace when there is none");
    }

    @Test
    void retryAttemptsAreNumberedFromTheLibrarysCountAndTheInnermostGuardIsFirst() {
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<GuardFrame> seen = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        Supplier<String> call = (Supplier<String>) GuardedCall.wrap((Supplier<String>) () -> {
            seen.set(GuardStack.snapshot());
            return "ok";
        }, BREAKER, breaker);
        Supplier<String> breakerThenCall = () -> {
            GuardStack.breakerPermitted(breaker, "cb", "CLOSED"); // the breaker's acquirePermission
            return call.get();
        };
        @SuppressWarnings("unchecked")
        Supplier<String> attempt = (Supplier<String>) GuardedCall.wrap(breakerThenCall, RETRY, retry);
        GuardStack.retryStarted(retry, "r", failures); // the retry's context()
        attempt.get();
        assertEquals(1, GuardFrame.innermost(seen.get(), GuardFrame.Kind.RETRY).attempt);
        failures.incrementAndGet(); // the first attempt failed
        attempt.get();
        assertEquals(GuardFrame.Kind.CIRCUIT_BREAKER, seen.get().kind, "innermost first");
        assertEquals(2, seen.get().outer.attempt);
        assertEquals("r", seen.get().outer.name);
    }

    @Test
    void withoutANoteForThatGuardTheFunctionRunsOutsideAnyFrame() throws Exception {
        GuardStack.breakerPermitted(new Object(), "another", "CLOSED");
        AtomicReference<GuardFrame> seen = new AtomicReference<>(GuardFrame.bulkhead("sentinel", null));
        @SuppressWarnings("unchecked")
        Callable<String> guarded = (Callable<String>) GuardedCall.wrap((Callable<String>) () -> {
            seen.set(GuardStack.snapshot());
            return "x";
        }, BREAKER, breaker);
        assertEquals("x", guarded.call());
        assertNull(seen.get());
    }

    @Test
    void whatTheFunctionThrowsPassesThroughAndTheFrameIsPoppedEvenForAnError() {
        GuardStack.breakerPermitted(breaker, "cb", "CLOSED");
        StackOverflowError error = new StackOverflowError();
        @SuppressWarnings("unchecked")
        Function<String, String> guarded = (Function<String, String>) GuardedCall.wrap(
                (Function<String, String>) s -> {
                    throw error;
                }, BREAKER, breaker);
        assertSame(error, assertThrows(StackOverflowError.class, () -> guarded.apply("in")));
    }

    @Test
    void anUnknownGuardOrFunctionIsLeftAsItIs() {
        Supplier<String> function = () -> "x";
        assertSame(function, GuardedCall.wrap(function, "com.example.Guard", breaker));
        Object notAFunction = new Object();
        assertSame(notAFunction, GuardedCall.wrap(notAFunction, BREAKER, breaker));
        assertNull(GuardedCall.wrap(null, BREAKER, breaker));
    }
}
