package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit → ring of 1,048,576 → drainer → JSONL, with 4 application threads × {@value #PER_PRODUCER} events. The
 * producers outrun the encoder, so some events may be dropped; what must hold is the accounting: every line is
 * whole JSON, no sequence twice, emitted = written + dropped, gaps = dropped, producer order kept.
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerPipelineTest {
    static final int PER_PRODUCER = 1_000_000;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void largeRingAccountsForEveryEvent(@TempDir Path dir) throws Exception {
        PipelineScenario.Summary s = PipelineScenario.runAndVerify(dir, 1 << 20, PER_PRODUCER);
        assertEquals(s.dropped, s.droppedByReason.get("queue_full"), "every drop is queue_full: " + s);
        assertTrue(s.written >= 1 << 20, "at least a ring's worth of events written: " + s);
    }
}
