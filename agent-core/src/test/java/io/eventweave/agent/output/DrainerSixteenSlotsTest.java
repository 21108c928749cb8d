package io.eventweave.agent.output;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit → a ring of 16 → drainer → JSONL, with 4 application threads × 200,000 events: nearly every event is refused,
 * and the numbers the drainer gives must still tell the whole story. The file's sequence numbers are strictly
 * increasing line by line, every number missing below agent.stop's is a dropped event, emitted = written + dropped
 * (the checks of {@link PipelineScenario}).
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerSixteenSlotsTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSixteenSlotRingNumbersEveryDropAsAGap(@TempDir Path dir) throws Exception {
        PipelineScenario.runAndVerifyOverflow(dir, 16, 200_000);
    }
}
