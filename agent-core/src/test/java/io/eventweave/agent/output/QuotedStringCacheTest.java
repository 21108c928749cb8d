package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache answers only for the string it holds, admits a string the second time, and bounds what it keeps. */
class QuotedStringCacheTest {
    @Test
    void aStringIsCachedTheSecondTimeItIsSeen() {
        QuotedStringCache cache = new QuotedStringCache();
        String method = "GET";
        assertNull(cache.get(method));
        byte[] escaped = cache.get(method);
        assertArrayEquals(escaped("GET"), escaped);
        assertSame(escaped, cache.get(method), "no allocation once cached");
        assertSame(escaped, cache.get(new String("GET")), "an equal String of another identity matches too");
    }

    @Test
    void collidingStringsNeverGetEachOthersBytes() {
        QuotedStringCache cache = new QuotedStringCache();
        // all map to the same entry: equal hashCode, or equal hashCode modulo the table size
        List<String> colliding = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"));
        for (int i = 0; colliding.size() < 12; i++) {
            String s = "k" + i;
            if ((s.hashCode() & (QuotedStringCache.SIZE - 1)) == ("Aa".hashCode() & (QuotedStringCache.SIZE - 1))) {
                colliding.add(s);
            }
        }
        for (int round = 0; round < 5; round++) {
            for (String s : colliding) {
                for (int repeat = 0; repeat < 3; repeat++) {
                    byte[] bytes = cache.get(s);
                    if (bytes != null) {
                        assertArrayEquals(escaped(s), bytes, s);
                    }
                }
            }
        }
    }

    @Test
    void twoBusyStringsSharingAnEntryDoNotEvictEachOther() {
        QuotedStringCache cache = new QuotedStringCache();
        cache.get("Aa");
        byte[] cached = cache.get("Aa");
        for (int i = 0; i < 1000; i++) { // "BB" has the same hashCode
            assertSame(cached, cache.get("Aa"), "the busy string stays cached, with the same bytes");
            assertNull(cache.get("BB"), "the other one is escaped by the generator, no allocation");
        }
        // once "Aa" is no longer used, "BB" takes the entry
        cache.get("BB");
        cache.get("BB");
        assertArrayEquals(escaped("BB"), cache.get("BB"));
    }

    @Test
    void escapingIsJacksons() {
        QuotedStringCache cache = new QuotedStringCache();
        String s = "a\"b\\c\nd\u0001é\u2028";
        cache.get(s);
        assertArrayEquals(escaped(s), cache.get(s));
    }

    @Test
    void longStringsAreNotCached() {
        QuotedStringCache cache = new QuotedStringCache();
        String longPath = "/" + "x".repeat(QuotedStringCache.MAX_LENGTH);
        for (int i = 0; i < 3; i++) {
            assertNull(cache.get(longPath));
        }
        String longest = "y".repeat(QuotedStringCache.MAX_LENGTH);
        cache.get(longest);
        assertEquals(QuotedStringCache.MAX_LENGTH, cache.get(longest).length);
    }

    private static byte[] escaped(String s) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s);
    }
}
