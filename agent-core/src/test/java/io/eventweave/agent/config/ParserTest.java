package io.eventweave.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each type of setting: what it reads, what it rejects, and how it writes the effective value back. */
class ParserTest {
    @Test
    void durationsTakeMillisecondsSecondsMinutesHoursDaysAndAPlainNumberIsMilliseconds() {
        Parser<Long> duration = Parser.durationNanos();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), duration.parse("500ms"));
        assertEquals(TimeUnit.SECONDS.toNanos(2), duration.parse("2s"));
        assertEquals(TimeUnit.MINUTES.toNanos(5), duration.parse("5m"));
        assertEquals(TimeUnit.HOURS.toNanos(1), duration.parse("1h"));
        assertEquals(TimeUnit.DAYS.toNanos(1), duration.parse("1d"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), duration.parse("250"));
        assertEquals(0L, duration.parse("0"));
        assertEquals(TimeUnit.SECONDS.toNanos(3), duration.parse(" 3S "), "any case, blanks around");
        assertEquals(TimeUnit.SECONDS.toNanos(3), duration.parse("3 s"), "a blank before the unit");
    }

    @Test
    void negativeOrGarbageDurationsAreRejected() {
        Parser<Long> duration = Parser.durationNanos();
        for (String bad : new String[] {"-1", "-5s", "soon", "", "1.5s", "s", "5w", "1s2"}) {
            assertNull(duration.parse(bad), bad);
        }
    }

    @Test
    void durationsAreWrittenInTheLargestUnitThatDividesThem() {
        Parser<Long> duration = Parser.durationNanos();
        assertEquals("1s", duration.format(duration.parse("1000")));
        assertEquals("1m", duration.format(duration.parse("60s")));
        assertEquals("2h", duration.format(duration.parse("120m")));
        assertEquals("1d", duration.format(duration.parse("24h")));
        assertEquals("1500ms", duration.format(duration.parse("1500ms")));
        assertEquals("90s", duration.format(duration.parse("90s")));
        assertEquals("0ms", duration.format(0L));
        assertEquals("a duration such as 500ms, 2s, 5m, 1h or 1d (a plain number is milliseconds)",
                duration.accepted());
    }

    @Test
    void sizesTakeKilobytesMegabytesGigabytesAndAPlainNumberIsBytes() {
        Parser<Long> size = Parser.sizeBytes(0);
        assertEquals(512L * 1024, size.parse("512KB"));
        assertEquals(100L * 1024 * 1024, size.parse("100MB"));
        assertEquals(1L << 30, size.parse("1GB"));
        assertEquals(5L << 30, size.parse("5 gb"), "any case, blanks inside");
        assertEquals(1234L, size.parse("1234"));
        assertEquals(1234L, size.parse("1234B"));
        assertEquals(0L, size.parse("0"));
        for (String bad : new String[] {"-1", "1.5MB", "lots", "", "10TB", "MB", "99999999999GB"}) {
            assertNull(size.parse(bad), bad);
        }
    }

    @Test
    void sizesBelowTheMinimumAreRejectedAndTheMinimumIsNamed() {
        Parser<Long> maxFileSize = Parser.sizeBytes(64 * 1024);
        assertEquals(64L * 1024, maxFileSize.parse("64KB"));
        assertNull(maxFileSize.parse("63KB"));
        assertNull(maxFileSize.parse("65535"));
        assertEquals("a size such as 512KB, 100MB or 1GB (a plain number is bytes), at least 64KB",
                maxFileSize.accepted());
        Parser<Long> maxLineSize = Parser.sizeBytes(4 * 1024);
        assertEquals(4096L, maxLineSize.parse("4096"));
        assertNull(maxLineSize.parse("4095"));
        assertEquals("a size such as 512KB, 100MB or 1GB (a plain number is bytes), at least 0B",
                Parser.sizeBytes(0).accepted());
    }

    @Test
    void sizesAreWrittenInTheLargestUnitThatDividesThem() {
        Parser<Long> size = Parser.sizeBytes(0);
        assertEquals("1GB", size.format(1L << 30));
        assertEquals("1536MB", size.format(1536L << 20));
        assertEquals("16KB", size.format(16L * 1024));
        assertEquals("1000B", size.format(1000L));
        assertEquals("0B", size.format(0L));
    }

    @Test
    void permissionsAreSymbolicOrOctalAndTheOwnerAlwaysReadsAndWrites() {
        Parser<String> permissions = Parser.permissions();
        assertEquals("rw-r-----", permissions.parse("rw-r-----"));
        assertEquals("rw-r-----", permissions.parse("0640"));
        assertEquals("rw-r-----", permissions.parse("640"));
        assertEquals("rwxr-xr-x", permissions.parse("755"));
        assertEquals("rw-------", permissions.parse("---------"), "owner rw added");
        assertEquals("rw-r--r--", permissions.parse("0044"), "owner rw added to octal too");
        assertEquals("rw-rw-rw-", permissions.parse(" r--rw-rw- "));
        for (String bad : new String[] {"0800", "7777", "rw-r--", "rwxrwxrwxr", "abc", "", "u+rw", "00640"}) {
            assertNull(permissions.parse(bad), bad);
        }
    }

    @Test
    void theQueueSizeIsRoundedUpToAPowerOfTwoFrom16To2Pow24() {
        Parser<Integer> queue = Parser.powerOfTwo(16, 1 << 24);
        assertEquals(16, queue.parse("16"));
        assertEquals(32, queue.parse("17"));
        assertEquals(65536, queue.parse("65536"));
        assertEquals(65536, queue.parse("40000"));
        assertEquals(1 << 24, queue.parse("16777216"));
        assertEquals(1 << 20, queue.parse("1_048_576"), "underscores group digits");
        assertNull(queue.parse("16777217"));
        assertNull(queue.parse("15"));
        assertNull(queue.parse("0"));
        assertNull(queue.parse("-64"));
        assertNull(queue.parse("banana"));
        assertNull(queue.parse("99999999999999999999"));
        assertEquals("65536", queue.format(65536));
        assertEquals("an integer from 16 to 16777216 (rounded up to a power of two)", queue.accepted());
    }

    @Test
    void booleansCountsChoicesAndText() {
        assertEquals(true, Parser.bool().parse(" TRUE "));
        assertEquals(false, Parser.bool().parse("false"));
        assertNull(Parser.bool().parse("yes"));
        assertNull(Parser.bool().parse("1"));

        assertEquals(0, Parser.count().parse("0"));
        assertEquals(10, Parser.count().parse(" 10 "));
        assertNull(Parser.count().parse("-1"));
        assertNull(Parser.count().parse("ten"));
        assertEquals("an integer, 0 or more", Parser.count().accepted());

        Parser<String> fsync = Parser.choice("none", "interval", "always");
        assertEquals("interval", fsync.parse("Interval"));
        assertNull(fsync.parse("sometimes"));
        assertEquals("one of none, interval, always", fsync.accepted());

        assertEquals("a b", Parser.text().parse("  a b "));
        assertEquals(true, Parser.text().blankIsUnset());
        assertEquals(false, Parser.bool().blankIsUnset());
    }

    @Test
    void aDefaultItsParserRejectsIsAMistakeFoundAtDefinition() {
        assertThrows(IllegalArgumentException.class, () -> Setting.of("x", Parser.bool(), "maybe", "x"));
    }
}
