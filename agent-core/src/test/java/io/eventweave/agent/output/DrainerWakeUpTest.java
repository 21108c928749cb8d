package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.RingBuffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How often the drainer wakes: under a light load (an event every 150 µs, an HTTP client loop) it sleeps until its
 * handler's deadline or a quarter of the ring, a few times a second, not thousands; under a heavy one (200,000 events
 * a second) the producers' wake-ups keep the ring from filling.
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerWakeUpTest {
    private static final int CAPACITY = 16_384;
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The output of record, without a file: counts events and the drainer's passes through its loop. */
    private static final class CountingHandler implements EventHandler {
        final AtomicLong events = new AtomicLong();
        final AtomicLong passes = new AtomicLong();
        private long lastSequence = -1;
        volatile String problem;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void onEvent(EventSlot event) {
            if (event.sequence <= lastSequence) {
                problem = "sequence " + event.sequence + " after " + lastSequence;
            }
            lastSequence = event.sequence;
            events.incrementAndGet();
        }

        @Override
        public void onEndOfBatch() {
            passes.incrementAndGet();
        }

        @Override
        public long nanosUntilDue(long now) {
            return FLUSH_INTERVAL_NANOS; // as the file with an event waiting since now
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theDrainerWakesRarelyUnderALightLoadAndInTimeUnderAHeavyOne() throws Exception {
        RingBuffer ring = new RingBuffer(CAPACITY);
        CountingHandler handler = new CountingHandler();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Emit.open(ring, false);
        Drainer drainer = new Drainer(ring, List.of(handler), Drainer.newReporter(err), err, 0,
                TimeUnit.SECONDS.toNanos(30));
        drainer.start();
        Emit.agentStart();

        // Light: an event every 150 µs for 3 s.
        Thread.sleep(100); // the drainer takes agent.start and parks
        long passesBefore = handler.passes.get();
        long light = emitPaced(150_000L, 1, TimeUnit.SECONDS.toNanos(3));
        long lightPasses = handler.passes.get() - passesBefore;
        // Wakes: one per flush interval and per tick (1 s each), one per quarter of the ring (4,096 events), and a
        // few short waits for a slot being filled. The old drainer woke about 20,000 times here.
        assertTrue(lightPasses < 60, "drainer passes under a light load of " + light + " events in 3 s: "
                + lightPasses);

        // Heavy: 200,000 events a second (1,000 every 5 ms) for 3 s, 4 rings' worth a second.
        long heavy = emitPaced(5_000_000L, 1_000, TimeUnit.SECONDS.toNanos(3));

        drainer.stopAndWait();
        long dropped = EventCounters.dropped(DropReason.QUEUE_FULL);
        System.out.printf("light: %d events, %d drainer passes; heavy: %d events, %d dropped; passes in all %d%n",
                light, lightPasses, heavy, dropped, handler.passes.get());
        assertEquals(null, handler.problem);
        assertEquals(0, dropped, "the ring never filled: " + errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(1 + light + heavy, handler.events.get(), "agent.start and every event taken");
    }

    /** Emits {@code burst} events every {@code periodNanos} for {@code durationNanos}; returns how many. */
    private static long emitPaced(long periodNanos, int burst, long durationNanos) {
        long start = System.nanoTime();
        long next = start;
        long count = 0;
        while (System.nanoTime() - start < durationNanos) {
            for (int i = 0; i < burst; i++) {
                long t = System.nanoTime();
                HttpEvents.clientRequest("test", "GET", "http", "127.0.0.1", 80, "/", 200, 0, null, t, t, null);
            }
            count += burst;
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return count;
    }
}
