package io.eventweave.benchmarks;

import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.RingBuffer;
import io.eventweave.runtime.RuleEvents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The emit of a configuration rule's event against a built-in one, as B1 measures emits (a ring of 64 K slots made
 * with rule sections, a background consumer, batches that never find it full: {@link Batch}):
 * <ul>
 *   <li>{@link #builtIn}: {@code PolicyEvents.rateLimiterAcquire} with a name, a result and a wait, as the
 *       Resilience4j advice emits it (the call's end read with {@code System.nanoTime()} at its exit);</li>
 *   <li>{@link #rule}: {@code RuleEvents.emit} with three values, a string, an enum and a long, as the advice a rule
 *       weaves emits them (the values it read from the method are what it passes).</li>
 * </ul>
 * The goal (issue 12): the rule's at most 2x the built-in's, and no allocation ({@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuleEmitBenchmark implements Refusals.Occupied {
    /** A value of an application's enum, as a rule reads {@code arg1} of a breaker listener. */
    enum State {
        OPEN
    }

    private RingBuffer ring;
    private BackoffConsumer consumer;
    private long droppedBefore;
    private final String name = "files.acme.test";
    private final State state = State.OPEN;
    private final long waitMillis = 20;
    private long start = System.nanoTime();

    /** Untimed: waits until the ring has room for a whole batch from every producer thread. */
    @org.openjdk.jmh.annotations.State(Scope.Thread)
    public static class Room extends Refusals {
        @Setup(Level.Invocation)
        public void awaitRoom(RuleEmitBenchmark b) {
            waitForRoom(b);
        }
    }

    @Override
    public long occupancy() {
        return ring.inFlight();
    }

    @Setup(Level.Trial)
    public void setUp() {
        ring = new RingBuffer(Batch.CAPACITY, true);
        RingBuffer r = ring;
        consumer = new BackoffConsumer("rule-emit-consumer") {
            @Override
            protected boolean takeOne() {
                EventSlot slot = r.poll();
                if (slot == null) {
                    return false;
                }
                sink += slot.durationNanos;
                r.release(slot);
                return true;
            }
        };
        droppedBefore = EventCounters.dropped(DropReason.QUEUE_FULL);
        Emit.open(ring, true);
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        Emit.close();
        consumer.shutdown();
        long dropped = EventCounters.dropped(DropReason.QUEUE_FULL) - droppedBefore;
        System.out.println("[RuleEmitBenchmark] consumed=" + consumer.consumed + " dropped(ring full)=" + dropped);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void builtIn(Room room) {
        for (int i = 0; i < Batch.SIZE; i++) {
            // the end time as the Resilience4j advice takes it, at the call's exit: RuleEvents.emit reads it itself
            PolicyEvents.rateLimiterAcquire("rules", name, PolicyResult.WAITED, 1, waitMillis * 1_000_000, start,
                    System.nanoTime());
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void rule(Room room) {
        for (int i = 0; i < Batch.SIZE; i++) {
            RuleEvents.emit(7, start, null, 3, name, state, null, null, null, null, 0, 0, waitMillis, 0, 0, 0);
        }
    }
}
