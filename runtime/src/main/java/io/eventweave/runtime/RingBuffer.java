package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * Bounded, lock-free, multi-producer / single-consumer ring of preallocated {@link EventSlot}s (their family sections
 * made per family, when it is first needed: {@link #makeSections}).
 *
 * <p>Each slot carries a {@code state} number (Vyukov's bounded queue). For ring position {@code p} and capacity
 * {@code c}: {@code state == p} means the slot is free for position {@code p}; {@code state == p + 1} means position
 * {@code p} is published; the consumer frees it for the next lap with {@code state = p + c}. Slot {@code i} starts
 * at {@code state == i}, written plainly in the constructor: the slots reach other threads through the final
 * {@link #slots} field, whose freeze orders that write before any thread sees the ring.
 *
 * <p>Producers never wait: {@link #claim()} returns {@code null} when the slot for the next position still holds an
 * unconsumed event from the previous lap (the ring is full) or the ring is {@linkplain #close() closed}, and the
 * caller drops the event. The only retry is the CAS on {@code tail} lost to another producer, which means that
 * producer made progress (lock-free). That CAS is the one atomic operation of a claim.
 *
 * <p>The consumer may {@linkplain #parkUntilClaimed(long) park} for long; a producer whose claimed position is a
 * multiple of a quarter of the capacity wakes it, so a parked consumer never lets more than about a quarter of the
 * ring fill before it drains: one branch per claim, and an unpark on those crossings only while the consumer parks.
 */
public final class RingBuffer {
    private static final VarHandle STATE = EventSlot.STATE;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle PARKED;
    /** Index of the producer cursor inside {@link #tail}: 64 bytes of padding on each side against false sharing. */
    private static final int PADDED = 8;
    /**
     * Set in {@link #tail} by {@link #close()}. A claim compares a slot's state with the tail it read, and no state is
     * ever near this bit: a closed tail looks like a full ring to {@link #claim()}, which costs it nothing more.
     */
    private static final long CLOSED = 1L << 62;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(RingBuffer.class, "parked", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventSlot[] slots;
    private final int mask;
    /** A claim of a position {@code p} with {@code (p & wakeMask) == 0} looks whether the consumer is parked. */
    private final long wakeMask;
    /**
     * Next position to claim, at {@code tail[PADDED]}. Read with acquire and advanced by CAS (full fence); the slot's
     * own {@code state} orders the payload, so the cursor needs no stronger ordering than the CAS gives. The CAS is
     * also the producer's half of the wake-up handshake with {@link #parked}. {@link #CLOSED} is or-ed in once by
     * {@link #close()}; after that no CAS can succeed, since each expects a tail without the bit.
     */
    private final long[] tail = new long[2 * PADDED + 1];
    /** Next position to consume; touched by the single consumer only. */
    private long head;
    /**
     * The consumer thread while it is parked in {@link #parkUntilClaimed}, else null. A Dekker pair with
     * {@link #tail}: the consumer stores itself here (volatile), then reads the tail (volatile); a producer advances
     * the tail (CAS), then reads this (volatile). Either the consumer sees the claim and does not park, or the
     * producer at a wake position sees the consumer parked; that producer takes it with a CAS to null, so one
     * producer unparks it.
     */
    @SuppressWarnings("unused")
    private volatile Thread parked;

    /**
     * The families whose sections every slot has, one bit per {@link EventKind.Family#ordinal()}: set under the
     * ring's lock by {@link #makeSections}, read first without it.
     */
    private volatile int sectionsMade;

    /**
     * A ring whose slots get their family sections when {@link #makeSections} is called for the family (the agent: a
     * family no class of the process uses costs no start-up).
     *
     * @param capacity a power of two, at least 2
     */
    public RingBuffer(int capacity) {
        this(capacity, false);
    }

    /**
     * @param capacity a power of two, at least 2
     * @param allSections whether every slot gets its HTTP, policy and rule sections now (benchmarks and tests that
     *                    fill slots by hand), else when {@link #makeSections} is called for their family
     */
    public RingBuffer(int capacity, boolean allSections) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2: " + capacity);
        }
        slots = new EventSlot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new EventSlot(i);
        }
        mask = capacity - 1;
        wakeMask = Math.max(1, capacity / 4) - 1;
        if (allSections) {
            for (EventKind.Family family : EventSlot.SECTION_FAMILIES) {
                makeSections(family);
            }
        }
    }

    public int capacity() {
        return slots.length;
    }

    /**
     * Gives every slot its section of {@code family}, once (later calls return at once; the agent family has none).
     * Called by the thread that brings up the first instrumentation of that family, before its woven code can run:
     * producers then find them made ({@link EventSlot#http()}). One family's sections are made one after the other,
     * so they lie in memory in ring order, as the producers of that family advance through them.
     */
    public void makeSections(EventKind.Family family) {
        if (family == EventKind.Family.AGENT) {
            return;
        }
        int bit = 1 << family.ordinal();
        if ((sectionsMade & bit) != 0) {
            return;
        }
        synchronized (this) {
            if ((sectionsMade & bit) == 0) {
                for (EventSlot slot : slots) {
                    slot.makeSection(family);
                }
                sectionsMade |= bit;
            }
        }
    }

    /**
     * Bytes the ring holds on the heap: its arrays, slots and the sections made so far, each measured by {@code
     * sizeOf} (for example {@code Instrumentation::getObjectSize}).
     */
    public long footprint(ToLongFunction<Object> sizeOf) {
        return footprint(sizeOf, null);
    }

    /**
     * {@link #footprint} once every family's sections are made: what the ring holds in a process that uses every
     * family (each section of a family has the same size).
     */
    public long footprintWithAllSections(ToLongFunction<Object> sizeOf) {
        return footprint(sizeOf, new EventSlot());
    }

    /** @param blank a slot with every section, counted for each section not made yet; null to count made ones only */
    private long footprint(ToLongFunction<Object> sizeOf, EventSlot blank) {
        long bytes = sizeOf.applyAsLong(this) + sizeOf.applyAsLong(slots) + sizeOf.applyAsLong(tail);
        for (EventSlot slot : slots) {
            bytes += sizeOf.applyAsLong(slot);
            for (EventKind.Family family : EventSlot.SECTION_FAMILIES) {
                Object section = slot.sectionIfMade(family);
                if (section == null && blank != null) {
                    section = blank.sectionIfMade(family);
                }
                if (section != null) {
                    bytes += sizeOf.applyAsLong(section);
                }
            }
        }
        return bytes;
    }

    /**
     * Claims the slot for the next position, or returns {@code null} when the ring is full or closed. The caller fills
     * the slot and must then call {@link #publish(EventSlot)}.
     */
    public EventSlot claim() {
        long pos = (long) LONGS.getAcquire(tail, PADDED);
        for (;;) {
            EventSlot slot = slots[(int) pos & mask];
            long state = (long) STATE.getAcquire(slot);
            long diff = state - pos;
            if (diff == 0) {
                if (LONGS.compareAndSet(tail, PADDED, pos, pos + 1)) {
                    slot.position = pos;
                    if ((pos & wakeMask) == 0) {
                        wakeConsumer();
                    }
                    return slot;
                }
                pos = (long) LONGS.getAcquire(tail, PADDED);
            } else if (diff < 0) {
                return null; // the previous lap's event in this slot is not consumed yet (full), or closed
            } else {
                pos = (long) LONGS.getAcquire(tail, PADDED); // another producer took pos
            }
        }
    }

    /** Makes a claimed slot visible to the consumer; same as {@link EventSlot#publish()}. */
    public void publish(EventSlot slot) {
        slot.publish();
    }

    /**
     * Consumer side: the next published slot in ring order, or {@code null} when the next position is not published
     * yet. After reading it the consumer must call {@link #release(EventSlot)}. Single consumer only.
     */
    public EventSlot poll() {
        EventSlot slot = slots[(int) head & mask];
        if ((long) STATE.getAcquire(slot) != head + 1) {
            return null;
        }
        return slot;
    }

    /** Consumer side: frees the slot returned by the last {@link #poll()} for the producers' next lap. */
    public void release(EventSlot slot) {
        slot.clearReferences();
        STATE.setRelease(slot, head + slots.length);
        head++;
    }

    /** Positions claimed but not yet consumed (published or still being filled); approximate while producers run. */
    public long inFlight() {
        return claimed() - head;
    }

    /**
     * Positions claimed so far (the next position to be claimed). Acquire: a consumer that read a producer's drop
     * count (see {@link EventCounters}) reads here a tail at least as far as the one that producer found full.
     */
    public long claimed() {
        return (long) LONGS.getAcquire(tail, PADDED) & ~CLOSED;
    }

    /** Consumer side: the position of the slot {@link #poll()} returns next, i.e. positions consumed so far. */
    public long head() {
        return head;
    }

    /**
     * Refuses every claim from now on and returns the positions claimed before: exactly the positions below it were
     * claimed, and each of them will be published by its producer. Consumer side, once (shutdown).
     */
    public long close() {
        return (long) LONGS.getAndBitwiseOr(tail, PADDED, CLOSED) & ~CLOSED;
    }

    /**
     * Consumer side: parks the calling thread (the single consumer) until a producer claims a wake position, it is
     * unparked otherwise, or {@code nanos} pass. Returns false at once, without parking, when a position is claimed
     * and not yet consumed: its event is published or about to be, and a wake-up for it may have been missed.
     */
    public boolean parkUntilClaimed(long nanos) {
        PARKED.setVolatile(this, Thread.currentThread());
        if (((long) LONGS.getVolatile(tail, PADDED) & ~CLOSED) != head) {
            PARKED.setVolatile(this, null);
            return false;
        }
        LockSupport.parkNanos(this, nanos);
        PARKED.setVolatile(this, null);
        return true;
    }

    /** Producer side, at a wake position: unparks the consumer if it is parked (the first producer to see it). */
    private void wakeConsumer() {
        Thread consumer = parked;
        if (consumer != null && PARKED.compareAndSet(this, consumer, null)) {
            LockSupport.unpark(consumer);
        }
    }
}
