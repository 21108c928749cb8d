package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The write time of a line, as the shipper's lag reads it: exact to the spacing, and a lower bound past the ring. */
class WriteTimesTest {
    private static final long MS = 1_000_000;

    @Test
    void theTimeOfALineIsTheEarliestWriteOfItsEntry() {
        WriteTimes times = new WriteTimes();
        times.wrote(10, 100 * MS); // lines 0..9
        times.wrote(15, 105 * MS); // within 10 ms: the same entry, lines 0..14 by 100 ms
        times.wrote(30, 200 * MS); // lines 15..29
        times.wrote(31, 500 * MS); // line 30
        assertEquals(100 * MS, times.writtenAt(0, 999 * MS));
        assertEquals(100 * MS, times.writtenAt(14, 999 * MS));
        assertEquals(200 * MS, times.writtenAt(15, 999 * MS));
        assertEquals(200 * MS, times.writtenAt(29, 999 * MS));
        assertEquals(500 * MS, times.writtenAt(30, 999 * MS));
        assertEquals(999 * MS, times.writtenAt(31, 999 * MS), "not written yet: no age");
    }

    @Test
    void pastTheRingTheOldestTimeKeptIsALowerBoundOfTheAge() {
        WriteTimes times = new WriteTimes();
        for (int i = 1; i <= 10_000; i++) {
            times.wrote(i, i * 20 * MS);
        }
        // 8192 entries kept: lines from 1808 on have their own time; line 0 gets the oldest kept, 1809 * 20 ms
        assertEquals(1809 * 20 * MS, times.writtenAt(0, 0));
        assertEquals(1809 * 20 * MS, times.writtenAt(1808, 0));
        assertEquals(5000 * 20 * MS, times.writtenAt(4999, 0));
        assertEquals(10_000 * 20 * MS, times.writtenAt(9999, 0));
    }
}
