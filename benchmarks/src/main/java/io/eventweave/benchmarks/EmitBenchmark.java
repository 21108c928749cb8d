package io.eventweave.benchmarks;

import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.RingBuffer;
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
 * B1, ours: {@link Emit#httpClientRequest} into a {@link RingBuffer} of 64 K slots that a background consumer drains
 * ({@code poll}/{@code release}, parks when empty: {@link BackoffConsumer}). Measures the producer's cost per event
 * (slot claim, field copies, publish) while the ring is not full: see {@link Batch}. Run with
 * {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EmitBenchmark extends HttpRequestValues implements Refusals.Occupied {
    private RingBuffer ring;
    private BackoffConsumer consumer;
    private long droppedBefore;

    /** Untimed: waits until the ring has room for a whole batch from every producer thread. */
    @State(Scope.Thread)
    public static class Room extends Refusals {
        @Setup(Level.Invocation)
        public void awaitRoom(EmitBenchmark b) {
            waitForRoom(b);
        }
    }

    @Override
    public long occupancy() {
        return ring.inFlight();
    }

    @Setup(Level.Trial)
    public void setUp() {
        ring = new RingBuffer(Batch.CAPACITY, true); // sections made, as the agent's once an instrumentation is up
        RingBuffer r = ring;
        consumer = new BackoffConsumer("emit-consumer") {
            @Override
            protected boolean takeOne() {
                EventSlot slot = r.poll();
                if (slot == null) {
                    return false;
                }
                sink += slot.http().statusCode;
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
        System.out.println("[EmitBenchmark] consumed=" + consumer.consumed + " dropped(ring full)=" + dropped);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void emit(Room room) {
        for (int i = 0; i < Batch.SIZE; i++) {
            HttpEvents.clientRequest(provider, method, scheme, host, port, path, status, resendCount, thrown,
                    startNanos, endNanos, trace);
        }
    }
}
