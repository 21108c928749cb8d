package io.eventweave.runtime.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.runtime.PolicyResult;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-thread note behind Resilience4j's retry hooks: a wait is noted only inside an open decision, belongs to the
 * innermost one, and a nested decision leaves the outer one's failure and wait as they were. No event is emitted here
 * (the ring is not open), so {@code report} only takes the wait.
 */
class PendingRetryTest {
    private static final BiFunction<Object, Object, Object> FIFTY_MS = (attempt, failure) -> 50L;

    /** A failed test leaves no decision open for the next (closing none is a no-op). */
    @AfterEach
    void closeEverything() {
        for (int i = 0; i < 16; i++) {
            PendingRetry.current().close();
        }
    }

    @Test
    void aWaitIsNotedOnlyInsideAnOpenDecisionAndReportedOnce() {
        PendingRetry note = PendingRetry.current();
        assertEquals(50L, PendingRetry.interval(FIFTY_MS, 1, null));
        assertFalse(note.hasInterval(), "no decision open");

        IllegalStateException failure = new IllegalStateException("busy");
        note.open(failure, true);
        assertFalse(note.hasInterval(), "nothing computed yet");
        assertEquals(50L, PendingRetry.interval(FIFTY_MS, 1, failure));
        assertTrue(note.hasInterval());
        assertEquals(50L, note.intervalMillis());
        assertSame(failure, note.failure());
        assertTrue(note.negativeStops());
        note.report("test", "quotes", PolicyResult.WILL_RETRY);
        assertFalse(note.hasInterval(), "reported once");

        PendingRetry.interval(FIFTY_MS, 2, failure);
        note.close();
        assertFalse(note.hasInterval(), "a wait not reported goes with its decision");
        assertNull(note.failure(), "and so does the failure");
    }

    @Test
    void aNestedDecisionLeavesTheOuterOneAsItWas() {
        PendingRetry note = PendingRetry.current();
        IllegalStateException outer = new IllegalStateException("outer");
        note.open(outer, true);
        BiFunction<Object, Object, Object> retriedInside = (attempt, failure) -> {
            for (int depth = 0; depth < 5; depth++) { // deeper than the first stack: it grows
                note.open(null, false);
                assertEquals(7L, PendingRetry.interval((a, f) -> 7L, 1, null));
                assertTrue(note.hasInterval());
                assertEquals(7L, note.intervalMillis());
                assertNull(note.failure());
                assertFalse(note.negativeStops());
            }
            for (int depth = 0; depth < 5; depth++) {
                note.close();
            }
            return -1L;
        };
        assertEquals(-1L, PendingRetry.interval(retriedInside, 1, outer));
        assertTrue(note.hasInterval());
        assertEquals(-1L, note.intervalMillis(), "the outer decision's own wait");
        assertSame(outer, note.failure());
        assertTrue(note.negativeStops());
        note.close();
    }

    @Test
    void whatTheFunctionReturnsOrThrowsReachesTheCallerUnchanged() {
        PendingRetry note = PendingRetry.current();
        note.open(null, true);
        assertEquals("not a Long", PendingRetry.interval((a, f) -> "not a Long", 1, null));
        assertFalse(note.hasInterval(), "a result the library cannot use is not noted");
        assertNull(PendingRetry.interval((a, f) -> null, 1, null));
        assertFalse(note.hasInterval());
        UnsupportedOperationException thrown = new UnsupportedOperationException("interval");
        assertSame(thrown, assertThrows(UnsupportedOperationException.class, () -> PendingRetry.interval((a, f) -> {
            throw thrown;
        }, 1, null)));
        assertFalse(note.hasInterval());
        note.close();
    }
}
