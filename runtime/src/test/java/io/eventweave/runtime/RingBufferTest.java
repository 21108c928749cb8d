package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ring on its own (no {@link Emit}, no counters): ordering, exactly-once delivery, full-ring behaviour, the close,
 * and the wake-up of a parked consumer.
 */
class RingBufferTest {
    private static final int PRODUCERS = 4;
    /** A payload check value derived from (producer, counter), so a torn or stale slot read is noticed. */
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final String[] PRODUCER_NAMES = {"p0", "p1", "p2", "p3"};

    private static long check(int producer, long counter) {
        return (counter * MIX) ^ producer;
    }

    /**
     * 4 producers × 1,000,000 events through a ring of 65,536 with one consumer draining concurrently. Producers
     * retry a failed claim (this test only), so nothing is lost: each (producer, counter) must arrive exactly once,
     * and per producer in strictly increasing order; ring positions arrive as 0, 1, 2, … without a gap.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fourProducersThatRetryDeliverEveryEventExactlyOnceInProducerOrder() throws Exception {
        final int perProducer = 1_000_000;
        final long total = (long) PRODUCERS * perProducer;
        RingBuffer ring = new RingBuffer(1 << 16);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);

        BitSet[] seen = new BitSet[PRODUCERS];
        long[] last = new long[PRODUCERS];
        long[] received = new long[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            seen[p] = new BitSet(perProducer);
            last[p] = -1;
        }
        long[] consumed = new long[1];
        Thread consumer = new Thread(() -> {
            try {
                go.await();
                long expectedPosition = 0;
                while (consumed[0] < total) {
                    if (failure.get() != null) {
                        return;
                    }
                    EventSlot slot = ring.poll();
                    if (slot == null) {
                        Thread.yield(); // 2 cores, 5 threads: let a producer run
                        continue;
                    }
                    int p = slot.http().serverPort;
                    long counter = slot.durationNanos;
                    if (slot.position != expectedPosition) {
                        throw new AssertionError("ring position " + slot.position + ", expected " + expectedPosition);
                    }
                    if (p < 0 || p >= PRODUCERS || counter < 0 || counter >= perProducer) {
                        throw new AssertionError("bad payload: producer " + p + ", counter " + counter);
                    }
                    if (slot.startNanos != check(p, counter) || slot.http().method != PRODUCER_NAMES[p]) {
                        throw new AssertionError("torn payload at producer " + p + ", counter " + counter);
                    }
                    if (seen[p].get((int) counter)) {
                        throw new AssertionError("duplicate: producer " + p + ", counter " + counter);
                    }
                    if (counter <= last[p]) {
                        throw new AssertionError("out of order: producer " + p + ", counter " + counter
                                + " after " + last[p]);
                    }
                    seen[p].set((int) counter);
                    last[p] = counter;
                    received[p]++;
                    ring.release(slot); // the slot belongs to the producers again: do not look at it after this
                    expectedPosition++;
                    consumed[0]++;
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "ring-test-consumer");

        long[] retries = new long[PRODUCERS];
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers.add(new Thread(() -> {
                try {
                    go.await();
                    long spins = 0;
                    for (long i = 0; i < perProducer; i++) {
                        EventSlot slot;
                        int spinsThisEvent = 0;
                        while ((slot = ring.claim()) == null) {
                            if (failure.get() != null) {
                                return;
                            }
                            spins++;
                            if (++spinsThisEvent % 256 == 0) {
                                Thread.yield(); // only 2 cores: a pure spin would starve the consumer
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                        slot.http().serverPort = id;
                        slot.durationNanos = i;
                        slot.startNanos = check(id, i);
                        slot.http().method = PRODUCER_NAMES[id];
                        ring.publish(slot);
                    }
                    retries[id] = spins;
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "ring-test-producer-" + p));
        }

        consumer.start();
        producers.forEach(Thread::start);
        go.countDown();
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(200));
        }
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        if (failure.get() != null) {
            throw new AssertionError("a test thread failed", failure.get());
        }
        for (Thread t : producers) {
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        assertTrue(!consumer.isAlive(), "consumer did not finish; consumed " + consumed[0] + " of " + total);

        assertEquals(total, consumed[0]);
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(perProducer, received[p], "events received from producer " + p);
            assertEquals(perProducer, seen[p].cardinality(), "distinct counters from producer " + p);
            assertEquals(perProducer - 1, last[p], "last counter from producer " + p);
        }
        assertNull(ring.poll(), "nothing left after all events were consumed");
        assertEquals(0, ring.inFlight());
        System.out.printf("4 x %d through a ring of %d: failed claims retried %s%n", perProducer, ring.capacity(),
                java.util.Arrays.toString(retries));
    }

    /**
     * A ring of 1,024 with 4 producers that never retry and a concurrent consumer: every claim either publishes or
     * fails; the consumer receives exactly the published ones, each once, in producer order.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tinyRingWithoutRetryConsumesExactlyWhatWasPublished() throws Exception {
        final int attemptsPerProducer = 1_000_000;
        RingBuffer ring = new RingBuffer(1024);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        long[] published = new long[PRODUCERS];
        long[] failed = new long[PRODUCERS];
        long[] attempted = new long[PRODUCERS];
        long[] received = new long[PRODUCERS];
        long[] last = {-1, -1, -1, -1};
        BitSet[] seen = new BitSet[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            seen[p] = new BitSet(attemptsPerProducer);
        }
        long[] consumed = new long[1];
        AtomicBoolean producersDone = new AtomicBoolean();

        Thread consumer = new Thread(() -> {
            try {
                go.await();
                long expectedPosition = 0;
                while (true) {
                    boolean done = producersDone.get(); // read before poll: a null poll after it means empty for good
                    EventSlot slot = ring.poll();
                    if (slot == null) {
                        if (done || failure.get() != null) {
                            return;
                        }
                        Thread.yield();
                        continue;
                    }
                    int p = slot.http().serverPort;
                    long counter = slot.durationNanos;
                    if (slot.position != expectedPosition) {
                        throw new AssertionError("ring position " + slot.position + ", expected " + expectedPosition);
                    }
                    if (p < 0 || p >= PRODUCERS || counter < 0 || counter >= attemptsPerProducer
                            || slot.startNanos != check(p, counter)) {
                        throw new AssertionError("bad payload: producer " + p + ", counter " + counter);
                    }
                    if (seen[p].get((int) counter) || counter <= last[p]) {
                        throw new AssertionError("duplicate or out of order: producer " + p + ", counter " + counter
                                + " after " + last[p]);
                    }
                    seen[p].set((int) counter);
                    last[p] = counter;
                    received[p]++;
                    ring.release(slot);
                    expectedPosition++;
                    consumed[0]++;
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "ring-test-consumer");

        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers.add(new Thread(() -> {
                try {
                    go.await();
                    long ok = 0;
                    long full = 0;
                    for (long i = 0; i < attemptsPerProducer; i++) {
                        EventSlot slot = ring.claim();
                        if (slot == null) {
                            full++;
                            continue;
                        }
                        slot.http().serverPort = id;
                        slot.durationNanos = i;
                        slot.startNanos = check(id, i);
                        ring.publish(slot);
                        ok++;
                    }
                    published[id] = ok;
                    failed[id] = full;
                    attempted[id] = attemptsPerProducer;
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "ring-test-producer-" + p));
        }

        consumer.start();
        producers.forEach(Thread::start);
        go.countDown();
        finish(producers, 100, producersDone, consumer, 15, failure);

        long totalPublished = 0;
        long totalFailed = 0;
        long totalAttempted = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(attempted[p], published[p] + failed[p], "producer " + p + ": published + failed");
            assertEquals(published[p], received[p], "producer " + p + ": consumed == published");
            assertEquals(published[p], seen[p].cardinality(), "producer " + p + ": distinct counters");
            totalPublished += published[p];
            totalFailed += failed[p];
            totalAttempted += attempted[p];
        }
        assertEquals((long) PRODUCERS * attemptsPerProducer, totalAttempted);
        assertEquals(totalPublished, consumed[0], "consumer count == published");
        assertEquals(totalAttempted, totalPublished + totalFailed, "published + failed == attempted");
        assertTrue(totalPublished >= ring.capacity(), "at least one ring's worth published: " + totalPublished);
        assertNull(ring.poll());
        assertEquals(0, ring.inFlight());
        System.out.printf("tiny ring: attempted %d, published %d, failed (full) %d%n",
                totalAttempted, totalPublished, totalFailed);
    }

    @Test
    void capacityMustBeAPowerOfTwoOfAtLeastTwo() {
        for (int bad : new int[] {Integer.MIN_VALUE, -1024, -1, 0, 1, 3, 6, 100, 1000, 1025, (1 << 20) + 1,
                Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RingBuffer(bad),
                    "capacity " + bad);
            assertTrue(e.getMessage().contains(String.valueOf(bad)), "message names the value: " + e.getMessage());
        }
        for (int good : new int[] {2, 4, 8, 1024, 1 << 16}) {
            assertEquals(good, new RingBuffer(good).capacity());
        }
    }

    @Test
    void pollOnEmptyAndOnClaimedButUnpublishedReturnsNull() {
        RingBuffer ring = new RingBuffer(4);
        assertNull(ring.poll());
        assertNull(ring.poll(), "polling again changes nothing");
        assertEquals(0, ring.inFlight());

        EventSlot slot = ring.claim();
        assertNotNull(slot);
        assertEquals(1, ring.inFlight());
        assertNull(ring.poll(), "claimed but not yet published");
        slot.durationNanos = 42;
        ring.publish(slot);
        EventSlot polled = ring.poll();
        assertSame(slot, polled);
        assertSame(polled, ring.poll(), "poll without release returns the same slot");
        assertEquals(42, polled.durationNanos);
        ring.release(polled);
        assertNull(ring.poll());
        assertEquals(0, ring.inFlight());
    }

    @Test
    void consumerWaitsForAnEarlierPositionPublishedLater() {
        RingBuffer ring = new RingBuffer(8);
        EventSlot first = ring.claim();
        EventSlot second = ring.claim();
        second.durationNanos = 2;
        ring.publish(second);
        assertNull(ring.poll(), "position 1 is published but position 0 is not");
        first.durationNanos = 1;
        ring.publish(first);
        EventSlot a = ring.poll();
        assertEquals(1, a.durationNanos);
        ring.release(a);
        EventSlot b = ring.poll();
        assertEquals(2, b.durationNanos);
        ring.release(b);
        assertNull(ring.poll());
    }

    @Test
    void fullRingRefusesClaimsUntilTheConsumerReleases() {
        RingBuffer ring = new RingBuffer(8);
        for (int i = 0; i < 8; i++) {
            EventSlot slot = ring.claim();
            assertNotNull(slot, "claim " + i);
            slot.durationNanos = i;
            ring.publish(slot);
        }
        assertNull(ring.claim(), "ring of 8 is full after 8 claims");
        assertNull(ring.claim(), "still full");
        assertEquals(8, ring.inFlight());

        EventSlot oldest = ring.poll();
        assertEquals(0, oldest.durationNanos);
        assertNull(ring.claim(), "polled but not released: the slot is not free yet");
        ring.release(oldest);
        EventSlot next = ring.claim();
        assertNotNull(next, "one slot free after one release");
        assertSame(oldest, next, "the freed slot is reused for the next lap");
        assertEquals(8, next.position);
        assertNull(ring.claim());
    }

    @Test
    void wrapsAroundOverManyLapsWithASingleThread() {
        final int capacity = 8;
        final int laps = 10_000;
        RingBuffer ring = new RingBuffer(capacity);
        long produced = 0;
        long consumed = 0;

        // Whole laps: fill completely, then drain completely.
        for (int lap = 0; lap < laps; lap++) {
            for (int i = 0; i < capacity; i++) {
                EventSlot slot = ring.claim();
                assertNotNull(slot);
                assertEquals(produced, slot.position);
                slot.durationNanos = produced++;
                slot.kind = EventKind.RATE_LIMITER_ACQUIRE;
                slot.policy().name = "x";
                ring.publish(slot);
            }
            assertNull(ring.claim());
            for (int i = 0; i < capacity; i++) {
                EventSlot slot = ring.poll();
                assertNotNull(slot);
                assertEquals(consumed, slot.durationNanos);
                ring.release(slot);
                assertNull(slot.policy().name);
                consumed++;
            }
            assertNull(ring.poll());
        }

        // Staggered: the ring holds 5 events while producer and consumer go round many more laps.
        for (int i = 0; i < 5; i++) {
            EventSlot slot = ring.claim();
            slot.durationNanos = produced++;
            ring.publish(slot);
        }
        for (int i = 0; i < capacity * laps; i++) {
            EventSlot slot = ring.claim();
            assertNotNull(slot);
            slot.durationNanos = produced++;
            ring.publish(slot);
            EventSlot out = ring.poll();
            assertNotNull(out);
            assertEquals(consumed++, out.durationNanos);
            ring.release(out);
            assertEquals(5, ring.inFlight());
        }
        EventSlot out;
        while ((out = ring.poll()) != null) {
            assertEquals(consumed++, out.durationNanos);
            ring.release(out);
        }
        assertEquals(produced, consumed);
        assertEquals(0, ring.inFlight());
        assertEquals(2L * capacity * laps + 5, produced);
    }

    @Test
    void footprintCountsTheArraysEverySlotAndItsSectionsOnce() {
        // each object counted as 1 byte: the ring, its slot array and cursor, then per slot the slot and its sections
        assertEquals(3 + 8, new RingBuffer(8).footprint(o -> 1), "no section made before its family is needed");
        assertEquals(3 + 4 * 8, new RingBuffer(8, true).footprint(o -> 1), "three sections per slot, one object each");
        RingBuffer lazy = new RingBuffer(8);
        lazy.claim().policy(); // one section made by a producer
        lazy.makeSections(EventKind.Family.RULE);
        assertEquals(3 + 8 + 1 + 8, lazy.footprint(o -> 1));
        assertEquals(3 + 4 * 8, lazy.footprintWithAllSections(o -> 1), "as if every family's were made");
    }

    @Test
    void eachFamilysSectionsAreMadeOnceLaterOrByTheProducerThatNeedsOne() {
        RingBuffer ring = new RingBuffer(8);
        EventSlot first = ring.claim();
        assertNull(first.sectionIfMade(EventKind.Family.HTTP), "no HTTP sections before an instrumentation is up");
        HttpFields http = first.http();
        assertSame(http, first.sectionIfMade(EventKind.Family.HTTP), "the producer's section is the slot's");
        assertSame(http, first.http(), "found the second time, not made again");
        assertEquals(3 + 8 + 1, ring.footprint(o -> 1));

        ring.makeSections(EventKind.Family.HTTP);
        assertSame(http, first.http(), "a section already made is kept");
        assertEquals(3 + 2 * 8, ring.footprint(o -> 1), "then every slot has one");
        assertNull(first.sectionIfMade(EventKind.Family.POLICY), "the other families are not made with it");
        assertNull(first.ruleSectionIfMade());

        ring.makeSections(EventKind.Family.POLICY);
        ring.makeSections(EventKind.Family.RULE);
        ring.makeSections(EventKind.Family.AGENT); // the agent's own events have no section: nothing to make
        assertEquals(3 + 4 * 8, ring.footprint(o -> 1));
        PolicyFields policy = first.policy();
        RuleFields rule = first.ruleSection();
        assertEquals(-1, rule.site);
        ring.makeSections(EventKind.Family.POLICY);
        ring.makeSections(EventKind.Family.RULE);
        assertSame(policy, first.policy(), "made once");
        assertSame(rule, first.ruleSectionIfMade(), "made once");
        assertEquals(3 + 4 * 8, ring.footprint(o -> 1));
    }

    /** Producers that make their slots' sections while another thread makes every slot's: one section per slot. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSectionMadeByAProducerAndByTheRingAtOnceIsOneSection() throws Exception {
        for (int round = 0; round < 20; round++) {
            RingBuffer ring = new RingBuffer(1024);
            EventSlot[] claimed = new EventSlot[1024];
            for (int i = 0; i < claimed.length; i++) {
                claimed[i] = ring.claim();
            }
            HttpFields[] seen = new HttpFields[claimed.length];
            CountDownLatch go = new CountDownLatch(1);
            Thread producer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = claimed.length - 1; i >= 0; i--) {
                    seen[i] = claimed[i].http();
                }
            });
            producer.start();
            go.countDown();
            ring.makeSections(EventKind.Family.HTTP);
            producer.join();
            for (int i = 0; i < claimed.length; i++) {
                assertSame(seen[i], claimed[i].http(), "slot " + i + " of round " + round);
            }
            assertEquals(3 + 2 * 1024, ring.footprint(o -> 1), "round " + round);
        }
    }

    @Test
    void closeRefusesEveryClaimAndReturnsThePositionsClaimedBefore() {
        RingBuffer ring = new RingBuffer(8);
        EventSlot a = ring.claim();
        EventSlot b = ring.claim();
        EventSlot c = ring.claim();
        a.durationNanos = 0;
        ring.publish(a);
        b.durationNanos = 1;
        ring.publish(b);
        assertEquals(3, ring.close(), "positions 0, 1, 2 were claimed");
        assertNull(ring.claim(), "closed");
        assertNull(ring.claim(), "still closed");
        assertEquals(3, ring.claimed());
        assertEquals(3, ring.inFlight(), "the close bit is not a position");
        for (int i = 0; i < 2; i++) {
            EventSlot slot = ring.poll();
            assertEquals(i, slot.durationNanos);
            ring.release(slot);
        }
        assertNull(ring.poll(), "position 2 is claimed, not yet published");
        c.durationNanos = 2;
        ring.publish(c); // a producer that claimed before the close still publishes
        EventSlot last = ring.poll();
        assertSame(c, last);
        ring.release(last);
        assertEquals(3, ring.head());
        assertEquals(0, ring.inFlight());
        assertNull(ring.poll());
        assertNull(ring.claim(), "a drained closed ring refuses claims too (no slot is free of the close)");
    }

    /**
     * 4 producers that retry claim until the ring is closed, a consumer draining concurrently, and a close in the
     * middle: the claims that succeeded are exactly the positions below the close's result, and the consumer receives
     * each of them once.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void closeWhileProducersClaimSplitsTheClaimsAtOnePosition() throws Exception {
        RingBuffer ring = new RingBuffer(64);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] claimed = new long[PRODUCERS];
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers.add(new Thread(() -> {
                while (!closed.get()) {
                    EventSlot slot = ring.claim();
                    if (slot == null) {
                        Thread.yield();
                        continue;
                    }
                    slot.http().serverPort = id;
                    ring.publish(slot);
                    claimed[id]++;
                }
            }, "ring-test-producer-" + p));
        }
        long[] consumed = new long[1];
        AtomicBoolean producersDone = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    boolean done = producersDone.get();
                    EventSlot slot = ring.poll();
                    if (slot == null) {
                        if (done) {
                            return;
                        }
                        Thread.yield();
                        continue;
                    }
                    if (slot.position != consumed[0]) {
                        throw new AssertionError("position " + slot.position + ", expected " + consumed[0]);
                    }
                    ring.release(slot);
                    consumed[0]++;
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "ring-test-consumer");
        consumer.start();
        producers.forEach(Thread::start);
        while (ring.claimed() < 200_000) {
            Thread.sleep(1);
        }
        long end = ring.close();
        closed.set(true);
        finish(producers, 30, producersDone, consumer, 30, failure);
        long total = 0;
        for (long c : claimed) {
            total += c;
        }
        assertEquals(end, total, "claims that succeeded == positions below the close");
        assertEquals(end, consumed[0], "every position below the close consumed once");
        assertEquals(end, ring.claimed());
        assertNull(ring.claim());
    }

    @Test
    void parkReturnsAtOnceWhileAPositionIsClaimedAndNotConsumed() {
        RingBuffer ring = new RingBuffer(16);
        EventSlot slot = ring.claim();
        long t0 = System.nanoTime();
        assertFalse(ring.parkUntilClaimed(TimeUnit.SECONDS.toNanos(30)), "claimed, not published");
        ring.publish(slot);
        assertFalse(ring.parkUntilClaimed(TimeUnit.SECONDS.toNanos(30)), "published, not consumed");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "did not park");
        ring.release(ring.poll());
        t0 = System.nanoTime();
        assertTrue(ring.parkUntilClaimed(TimeUnit.MILLISECONDS.toNanos(20)), "empty: parks for the time given");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(10), "parked");
    }

    /**
     * A consumer parked for a minute is woken by the claim of a wake position (a multiple of a quarter of the
     * capacity) and not by the claims between them.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClaimAtAQuarterOfTheRingWakesAParkedConsumer() throws Exception {
        RingBuffer ring = new RingBuffer(16); // wake positions 0, 4, 8, 12, 16, ...
        AtomicLong consumed = new AtomicLong();
        AtomicLong wakes = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            while (!stop.get()) {
                EventSlot slot = ring.poll();
                if (slot != null) {
                    ring.release(slot);
                    consumed.incrementAndGet();
                } else if (ring.parkUntilClaimed(TimeUnit.MINUTES.toNanos(1))) {
                    wakes.incrementAndGet();
                }
            }
        }, "ring-test-consumer");
        consumer.start();
        awaitParked(consumer);
        publishOne(ring); // position 0: a wake position
        awaitCount(consumed, 1);
        awaitParked(consumer);
        long wakesBefore = wakes.get();
        for (int i = 1; i <= 3; i++) {
            publishOne(ring); // positions 1, 2, 3: no wake-up
        }
        Thread.sleep(200);
        assertEquals(1, consumed.get(), "positions 1-3 wait: their claims do not wake the consumer");
        assertEquals(wakesBefore, wakes.get());
        publishOne(ring); // position 4
        awaitCount(consumed, 5);
        stop.set(true);
        LockSupport.unpark(consumer);
        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(consumer.isAlive());
    }

    /**
     * 4 producers that retry, a ring of 64, and a consumer that parks whenever nothing is claimed, for up to a second
     * (the drainer's tick bounds its parks the same way). Only a claim at a wake position (every 16th here) unparks
     * it, so a park may run to its end only while fewer than 16 positions were claimed since it began: at the very end,
     * when the producers' last few events fall short of the next wake position. If a producer ever missed the parked
     * consumer at a wake position, the ring would fill during that second and the park would end with it full.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aParkingConsumerIsNeverMissedByFourProducers() throws Exception {
        final int perProducer = 300_000;
        final long total = (long) PRODUCERS * perProducer;
        RingBuffer ring = new RingBuffer(64);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] consumed = new long[1];
        long parkNanos = TimeUnit.SECONDS.toNanos(1);
        long[] parks = new long[1];
        long[] parksToTheEnd = new long[1];
        long[] mostInFlightAfterFullPark = new long[1];
        Thread consumer = new Thread(() -> {
            try {
                while (consumed[0] < total) {
                    EventSlot slot = ring.poll();
                    if (slot != null) {
                        ring.release(slot);
                        consumed[0]++;
                        continue;
                    }
                    long t0 = System.nanoTime();
                    if (ring.parkUntilClaimed(parkNanos)) {
                        parks[0]++;
                        if (System.nanoTime() - t0 >= parkNanos) {
                            parksToTheEnd[0]++;
                            mostInFlightAfterFullPark[0] = Math.max(mostInFlightAfterFullPark[0], ring.inFlight());
                        }
                    } else {
                        LockSupport.parkNanos(50_000); // a producer is filling the next slot
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "ring-test-consumer");
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            producers.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    EventSlot slot;
                    while ((slot = ring.claim()) == null) {
                        Thread.yield();
                    }
                    ring.publish(slot);
                    if ((i & 1023) == 0) {
                        LockSupport.parkNanos(100_000); // let the ring run empty now and then: the consumer parks
                    }
                }
            }, "ring-test-producer-" + p));
        }
        consumer.start();
        producers.forEach(Thread::start);
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(200));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        if (failure.get() != null) {
            throw new AssertionError("the consumer failed", failure.get());
        }
        assertFalse(consumer.isAlive(), "consumer stalled; consumed " + consumed[0] + " of " + total);
        assertEquals(total, consumed[0]);
        assertTrue(mostInFlightAfterFullPark[0] < 16, "a park ran its full second with "
                + mostInFlightAfterFullPark[0] + " positions claimed: a wake position did not wake the consumer");
        System.out.printf("parking consumer: %d parks, %d ran their full second%n", parks[0], parksToTheEnd[0]);
    }

    /**
     * Joins the producers, then tells the consumer they are done and joins it; fails if a thread is still alive or
     * one of them recorded a failure.
     */
    private static void finish(List<Thread> producers, long producerSeconds, AtomicBoolean producersDone,
            Thread consumer, long consumerSeconds, AtomicReference<Throwable> failure) throws InterruptedException {
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(producerSeconds));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        producersDone.set(true);
        consumer.join(TimeUnit.SECONDS.toMillis(consumerSeconds));
        if (failure.get() != null) {
            throw new AssertionError("a test thread failed", failure.get());
        }
        assertTrue(!consumer.isAlive(), "consumer did not finish");
    }

    private static void publishOne(RingBuffer ring) {
        EventSlot slot = ring.claim();
        assertNotNull(slot);
        ring.publish(slot);
    }

    private static void awaitParked(Thread consumer) throws InterruptedException {
        while (consumer.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
    }

    private static void awaitCount(AtomicLong count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.get() < expected) {
            assertTrue(System.nanoTime() - deadline < 0, "count " + count.get() + ", expected " + expected);
            Thread.sleep(1);
        }
    }
}
