package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit → ring → drainer → JSONL, with 4 application threads × {@value #PER_PRODUCER} events into a ring large
 * enough for all of them (4,194,304 slots): nothing may be dropped, so every sequence number is written exactly once,
 * each producer's events in its own order, every line whole JSON (the accounting checks of {@link PipelineScenario}).
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerPipelineTest {
    static final int PER_PRODUCER = 1_000_000;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void largeRingAccountsForEveryEvent(@TempDir Path dir) throws Exception {
        PipelineScenario.Summary s = PipelineScenario.runAndVerify(dir, 1 << 22, PER_PRODUCER);
        assertEquals(0, s.dropped, "a ring large enough drops nothing: " + s);
        assertEquals(s.emitted, s.written, "every sequence number below agent.stop written: " + s);
        assertTrue(s.written >= 4L * PER_PRODUCER + 1, "all producers' events and agent.start: " + s);
    }
}
