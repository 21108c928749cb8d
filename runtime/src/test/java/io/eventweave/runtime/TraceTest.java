package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread's trace context: scopes that advice opens and closes, and the root a guarded call starts. */
class TraceTest {
    private static final TraceContext REQUEST = TraceContext.of(1, 2, 3, (byte) 1);
    private static final TraceContext OTHER = TraceContext.of(4, 5, 6, (byte) 1);

    @AfterEach
    void clearThread() {
        Trace.restore(null);
    }

    @Test
    void aScopeOnAThreadWithoutContextLeavesItWithout() {
        // A pool worker or an event loop runs one request's task, then another's: the first must not stay behind.
        TraceContext scope = Trace.beginScope(REQUEST);
        assertSame(REQUEST, Trace.current());
        Trace.endScope(scope);
        assertNull(Trace.attached());
        assertNull(Trace.current());
    }

    @Test
    void aScopeRestoresTheContextBeforeIt() {
        Trace.attach(OTHER);
        TraceContext scope = Trace.beginScope(REQUEST);
        assertSame(REQUEST, Trace.current());
        Trace.endScope(scope);
        assertSame(OTHER, Trace.current());
    }

    @Test
    void aScopeWithoutContextChangesNothing() {
        Trace.attach(OTHER);
        TraceContext scope = Trace.beginScope(null);
        assertNull(scope);
        Trace.endScope(scope);
        assertSame(OTHER, Trace.current());
    }

    @Test
    void aStartedTraceIsMadeWhenFirstAskedForAndIsTheSameAfterwards() {
        assertTrue(Trace.startTraceIfNone());
        TraceContext root = Trace.current();
        assertNotNull(root);
        assertEquals(1, root.flags);
        assertTrue(root.spanId != 0);
        assertSame(root, Trace.current());
        assertSame(root, Trace.attached()); // what a hand-over takes along
        Trace.restore(null);
        assertNull(Trace.current());
    }

    @Test
    void aStartedTraceNobodyAskedForLeavesNothing() {
        assertTrue(Trace.startTraceIfNone());
        Trace.restore(null);
        assertNull(Trace.attached());
        assertNull(Trace.current());
    }

    @Test
    void eachStartedTraceIsANewOne() {
        assertTrue(Trace.startTraceIfNone());
        TraceContext first = Trace.current();
        Trace.restore(null);
        assertTrue(Trace.startTraceIfNone());
        TraceContext second = Trace.current();
        Trace.restore(null);
        assertFalse(first.traceIdHigh == second.traceIdHigh && first.traceIdLow == second.traceIdLow);
    }

    @Test
    void noTraceIsStartedInsideOne() {
        Trace.attach(OTHER);
        assertFalse(Trace.startTraceIfNone());
        assertSame(OTHER, Trace.current());
    }

    @Test
    void aScopeInsideAStartedTraceThatWasNotAskedForYetRestoresIt() {
        assertTrue(Trace.startTraceIfNone());
        TraceContext scope = Trace.beginScope(REQUEST);
        assertSame(REQUEST, Trace.current());
        Trace.endScope(scope);
        TraceContext root = Trace.current();
        assertNotNull(root);
        assertFalse(root == REQUEST);
    }

    @Test
    void attachAndRestoreInsideAStartedTraceKeepIt() {
        assertTrue(Trace.startTraceIfNone());
        TraceContext root = Trace.current();
        TraceContext previous = Trace.attach(REQUEST);
        assertSame(REQUEST, Trace.current());
        Trace.restore(previous);
        assertSame(root, Trace.current());
    }

    @Test
    void attachAndRestoreBeforeAStartedTraceWasAskedForLeaveItToMake() {
        assertTrue(Trace.startTraceIfNone());
        TraceContext previous = Trace.attach(REQUEST);
        Trace.restore(previous);
        TraceContext root = Trace.current();
        assertNotNull(root);
        assertTrue(root.traceIdHigh != 0 || root.traceIdLow != 0);
    }
}
