package io.eventweave.agent.output;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit → ring of 1,024 → drainer → JSONL, with 4 application threads × 1,000,000 events: most are dropped
 * (queue_full) and the file must still account for each one.
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerTinyRingTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void tinyRingDropsAndCountsAsQueueFull(@TempDir Path dir) throws Exception {
        PipelineScenario.runAndVerifyOverflow(dir, 1024, 1_000_000);
    }
}
