package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The close of the {@code queue_full} count is one atomic step per cell: every drop falls on one side of it, counted
 * before it (in the total at the close) or not counted at all. (The only test in this module that touches the
 * process-wide counters: they close once per JVM.)
 */
class EventCountersTest {
    @Test
    void closeSplitsEveryDropIntoCountedOrAfterTheStop() throws Exception {
        int threads = 4;
        int perThread = 200_000;
        long[] counted = new long[threads];
        long[] refused = new long[threads];
        List<Thread> droppers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (EventCounters.queueFull()) { // as if every claim failed
                        counted[id]++;
                    } else {
                        refused[id]++;
                    }
                }
            });
            droppers.add(thread);
            thread.start();
        }
        while (EventCounters.dropped(DropReason.QUEUE_FULL) < 10_000) {
            Thread.onSpinWait();
        }
        long atClose = EventCounters.closeQueueFull();
        for (Thread thread : droppers) {
            thread.join();
        }
        long countedTotal = 0;
        long refusedTotal = 0;
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, counted[t] + refused[t], "thread " + t + ": every drop on one side of the close");
            countedTotal += counted[t];
            refusedTotal += refused[t];
        }
        assertEquals(countedTotal, atClose, "the total at the close is exactly the drops counted before it");
        assertTrue(atClose >= 10_000, "closed while the threads were dropping: " + atClose);
        assertEquals(atClose, EventCounters.dropped(DropReason.QUEUE_FULL), "the count stays at the close's total");
        assertEquals(atClose, EventCounters.closeQueueFull(), "a second close changes nothing");
        assertFalse(EventCounters.queueFull(), "a drop after the close is not counted");
        assertEquals(atClose, EventCounters.dropped(DropReason.QUEUE_FULL));
        System.out.printf("queue_full: %d counted before the close, %d after it%n", countedTotal, refusedTotal);

        EventCounters.dropped(DropReason.IO_ERROR, 3);
        assertEquals(3, EventCounters.dropped(DropReason.IO_ERROR), "the drainer's reasons count on");
        assertThrows(IllegalArgumentException.class, () -> EventCounters.dropped(DropReason.QUEUE_FULL, 1));
    }

    @Test
    void stripesArePowersOfTwoCoveringTheProcessors() {
        assertEquals(2, EventCounters.stripes(1));
        assertEquals(2, EventCounters.stripes(2));
        assertEquals(4, EventCounters.stripes(3));
        assertEquals(4, EventCounters.stripes(4));
        assertEquals(8, EventCounters.stripes(5));
        assertEquals(64, EventCounters.stripes(64));
        assertEquals(64, EventCounters.stripes(1000));
    }
}
