package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.agent.output.HandlerStats.LossReason;
import io.eventweave.runtime.EventSlot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit → ring → drainer → the JSONL file plus two more handlers, one that throws on every third event and one that is
 * slow: neither costs the file an event (the accounting checks of {@link PipelineScenario}, nothing dropped), and
 * each handler's losses are counted by reason — delivered + lost = every event the drainer took.
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerHandlersTest {
    static final int PER_PRODUCER = 50_000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFailingAndASlowHandlerCostTheFileNothingAndTheirLossesAreCounted(@TempDir Path dir) throws Exception {
        AtomicLong failingSeen = new AtomicLong();
        // one instance, thrown again and again (no stack trace filled in per throw): fails fast, within its budget
        IllegalStateException failure = new IllegalStateException("every third event");
        EventHandler failing = new EventHandler() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void onEvent(EventSlot event) {
                if (failingSeen.incrementAndGet() % 3 == 0) {
                    throw failure;
                }
            }
        };
        AtomicLong slowSeen = new AtomicLong();
        EventHandler slow = new EventHandler() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void onEvent(EventSlot event) {
                slowSeen.incrementAndGet();
                LockSupport.parkNanos(200_000); // 0.2 ms an event: far more than its share of the drainer's second
            }
        };
        PipelineScenario.Summary s = PipelineScenario.runAndVerify(dir, 1 << 20, PER_PRODUCER,
                List.of(failing, slow));
        assertEquals(0, s.dropped, "the file lost nothing: " + s);
        assertEquals(s.emitted, s.written, "every sequence number below agent.stop written: " + s);

        HandlerStats file = s.handlers.get(0);
        HandlerStats failed = s.handlers.get(1);
        HandlerStats slowed = s.handlers.get(2);
        long taken = file.delivered(); // the output of record is given every event the drainer takes
        assertTrue(taken >= 4L * PER_PRODUCER, "all producers' events: " + file);
        assertEquals(taken, failed.delivered() + failed.lost(LossReason.FAILED), failed.toString());
        assertEquals(failingSeen.get() / 3, failed.lost(LossReason.FAILED), "each throw counted once: " + failed);
        assertEquals(0, failed.lost(LossReason.SLOW), failed.toString());
        assertTrue(failed.lastFailure() instanceof IllegalStateException, failed.toString());
        assertEquals(taken, slowed.delivered() + slowed.lost(LossReason.SLOW), slowed.toString());
        assertEquals(slowSeen.get(), slowed.delivered(), slowed.toString());
        assertTrue(slowed.lost(LossReason.SLOW) > 0, "a handler over its budget is skipped: " + slowed);
        assertTrue(s.stderr.contains("handler failing failed on"), s.stderr);
    }
}
