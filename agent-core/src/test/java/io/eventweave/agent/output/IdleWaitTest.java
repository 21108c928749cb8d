package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The drainer's idle waits, with a clock the test moves. */
class IdleWaitTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    @Test
    void aLightLoadWaitsUntilTheDeadline() {
        IdleWait idle = new IdleWait(16_384, 0);
        idle.passed(7_000, SECOND); // 7,000 events a second: the ring would take 2.3 s to fill
        assertFalse(idle.heavy());
        assertEquals(SECOND, idle.park(SECOND));
        assertEquals(IdleWait.MIN_NANOS, idle.park(0), "never less than the shortest wait");
    }

    @Test
    void aHeavyLoadWaitsShortAndLongerWhileNothingComesUntilTheLoadEnds() {
        IdleWait idle = new IdleWait(16_384, 0);
        idle.passed(4_096, 20 * MS); // 200,000 events a second: 82 ms to fill the ring
        assertTrue(idle.heavy());
        assertEquals(50_000, idle.park(SECOND));
        assertEquals(100_000, idle.park(SECOND));
        assertEquals(200_000, idle.park(SECOND));
        assertEquals(60_000, idle.park(60_000), "the deadline still bounds it");
        idle.passed(10, 21 * MS);
        assertEquals(50_000, idle.park(SECOND), "events came: the shortest wait again");
        for (int i = 0; i < 10; i++) {
            idle.park(SECOND);
        }
        assertEquals(IdleWait.MAX_SHORT_NANOS, idle.park(SECOND));
        idle.passed(2_000, 41 * MS); // about 96,000 a second: above half the threshold (82,000)
        assertTrue(idle.heavy());
        idle.passed(100, 61 * MS); // 5,000 a second
        assertFalse(idle.heavy(), "the load has ended");
        assertEquals(SECOND, idle.park(SECOND));
    }

    @Test
    void aStalledSlotGetsShortWaitsDoubling() {
        IdleWait idle = new IdleWait(16_384, 0);
        assertEquals(50_000, idle.stall(SECOND));
        assertEquals(100_000, idle.stall(SECOND));
        for (int i = 0; i < 20; i++) {
            idle.stall(SECOND);
        }
        assertEquals(IdleWait.MAX_STALL_NANOS, idle.stall(SECOND));
        idle.passed(1, 1);
        assertEquals(50_000, idle.stall(SECOND), "back to the shortest after a pass that took events");
    }
}
