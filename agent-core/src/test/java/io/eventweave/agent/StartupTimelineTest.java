package io.eventweave.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StartupTimelineTest {
    @Test
    void millisHaveOneDecimalRoundedHalfUp() {
        assertEquals("0.0", StartupTimeline.appendMillis(new StringBuilder(), 0).toString());
        assertEquals("0.0", StartupTimeline.appendMillis(new StringBuilder(), 49_999).toString());
        assertEquals("0.1", StartupTimeline.appendMillis(new StringBuilder(), 50_000).toString());
        assertEquals("1.3", StartupTimeline.appendMillis(new StringBuilder(), 1_250_000).toString());
        assertEquals("123.5", StartupTimeline.appendMillis(new StringBuilder(), 123_456_789).toString());
        assertEquals("0.0", StartupTimeline.appendMillis(new StringBuilder(), -5).toString(), "never negative");
    }

    @Test
    void printsEveryPhaseInOrderAndTheTotal() {
        StartupTimeline timeline = new StartupTimeline("premain", System.nanoTime());
        timeline.mark("one");
        timeline.mark("two");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        timeline.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String line = bytes.toString(StandardCharsets.UTF_8).trim();
        assertTrue(line.matches("eventweave: start-up timing: premain \\d+\\.\\d ms \\(one \\d+\\.\\d, two \\d+\\.\\d\\)"),
                line);
    }
}
