package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void readsWhatTheJdkReadsToTheNanosecond() {
        for (String t : new String[] {"2026-12-05T23:11:20.124789565Z", "2026-12-05T23:11:20Z",
            "2026-12-05T23:11:20.1Z", "2026-12-02T10:00:00+01:00", "2024-02-29T00:00:00.000000001-05:30",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z"}) {
            Instant jdk = OffsetDateTime.parse(t).toInstant();
            assertEquals(Timestamps.toNanos(jdk), Timestamps.nanos(t), t);
            assertEquals(jdk, Timestamps.toInstant(Timestamps.nanos(t)), t);
        }
    }

    @Test
    void anythingElseIsInvalid() {
        for (String t : new String[] {null, "", "now", "2026-12-05", "2026-02-30T00:00:00Z", "2026-12-05T24:00:00Z",
            "2026-12-05T23:11:20.Z", "2026-12-05T23:11:20", "2026-12-05T23:11:20+1:00", "x026-12-05T23:11:20Z"}) {
            assertEquals(Timestamps.INVALID, Timestamps.nanos(t), String.valueOf(t));
        }
    }
}
