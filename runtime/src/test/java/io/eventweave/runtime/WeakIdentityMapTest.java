package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The identity map advice reads on every event: identity only, no allocation on get, safe under a concurrent writer. */
class WeakIdentityMapTest {
    /** A key whose equals/hashCode would lie: the map must never call them. */
    private static final class Liar {
        @Override
        public boolean equals(Object other) {
            throw new AssertionError("equals called");
        }

        @Override
        public int hashCode() {
            throw new AssertionError("hashCode called");
        }
    }

    @Test
    void keysAreComparedByIdentityAndTheFirstValueStays() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        List<Liar> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // grows the table many times
            Liar key = new Liar();
            keys.add(key);
            assertNull(map.putIfAbsent(key, "v" + i));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertEquals("v" + i, map.get(keys.get(i)));
            assertEquals("v" + i, map.putIfAbsent(keys.get(i), "other"));
        }
        assertNull(map.get(new Liar()));
    }

    @Test
    void getAllocatesNothing() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        Object[] keys = new Object[256];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            map.putIfAbsent(keys[i], "v");
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int found = 0;
        for (int warm = 0; warm < 200_000; warm++) { // let the JIT compile get
            found += map.get(keys[warm & 255]) != null ? 1 : 0;
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            found += map.get(keys[i & 255]) != null ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertEquals(1_200_000, found);
        // the counter itself may report a few bytes of its own; a Lookup key per get would be 24 MB here
        assertEquals(0, allocated / 1024, allocated + " bytes allocated by 1,000,000 gets");
    }

    @Test
    void readersSeeEveryPublishedEntryWhileAWriterGrowsTheTable() throws Exception {
        WeakIdentityMap<Integer> map = new WeakIdentityMap<>();
        int count = 50_000;
        Object[] keys = new Object[count];
        for (int i = 0; i < count; i++) {
            keys[i] = new Object();
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger published = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (published.get() < count) {
                    int upTo = published.get();
                    for (int i = Math.max(0, upTo - 100); i < upTo; i++) {
                        Integer v = map.get(keys[i]);
                        if (v == null || v != i) {
                            throw new AssertionError("key " + i + " published but read " + v);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        for (int i = 0; i < count; i++) {
            map.putIfAbsent(keys[i], i);
            published.set(i + 1);
        }
        reader.join();
        assertNull(failure.get());
        assertSame(Integer.valueOf(7), map.get(keys[7]));
    }
}
