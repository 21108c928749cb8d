package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The close of the sequence is one atomic step: numbers taken before it are below the stop line's and count as
 * dropped; numbers taken after it are recognisably after the stop and are never counted. (The only test in this
 * module that touches the process-wide counters.)
 */
class EventCountersTest {
    @Test
    void closeSplitsEveryNumberIntoBeforeOrAfterTheStopLine() throws Exception {
        ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    long sequence = EventCounters.nextSequence();
                    taken.add(sequence);
                    EventCounters.dropped(sequence, DropReason.QUEUE_FULL); // as if every claim failed
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(5);
        long stop = EventCounters.close();
        for (Thread thread : threads) {
            thread.join();
        }
        long before = taken.stream().filter(s -> !EventCounters.isAfterStop(s)).count();
        assertEquals(stop, before, "exactly the numbers below the stop line were taken before the close");
        assertEquals(stop, EventCounters.dropped(DropReason.QUEUE_FULL), "only drops before the stop are counted");
        assertEquals(600_000, EventCounters.emitted(), "every number taken, before and after the close");
        assertTrue(taken.stream().filter(s -> !EventCounters.isAfterStop(s)).allMatch(s -> s < stop));
        assertEquals(before, taken.stream().filter(s -> !EventCounters.isAfterStop(s)).distinct().count(), "unique");
        assertFalse(EventCounters.isAfterStop(stop), "the stop line itself is written");
        assertTrue(EventCounters.isAfterStop(EventCounters.nextSequence()));
    }
}
