package io.eventweave.benchmarks;

import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
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
 * B1, anchor 2: JCTools {@link MpscArrayQueue} of capacity 64 K; each operation takes the next preallocated
 * {@link HttpEvent} from the producer thread's own pool of 64 K (a thread-local counter indexes it), writes the same 13
 * values into it and offers it. A background {@link BackoffConsumer} polls, reads one field and discards. A lower bound for "a reference queue of pre-built events". Measured while the queue is not full: see
 * {@link Batch}. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JcToolsBenchmark extends HttpRequestValues implements Refusals.Occupied {
    static final int POOL_SIZE = 1 << 16;

    private MpscArrayQueue<HttpEvent> queue;
    private BackoffConsumer consumer;

    /**
     * One producer thread's pool of preallocated events and its cursor; also waits (untimed) until the queue has room
     * for a whole batch from every producer thread, and counts refused offers.
     */
    @State(Scope.Thread)
    public static class Pool extends Refusals {
        final HttpEvent[] events = new HttpEvent[POOL_SIZE];
        int next;

        @Setup(Level.Trial)
        public void fill() {
            for (int i = 0; i < events.length; i++) {
                events[i] = new HttpEvent();
            }
        }

        @Setup(Level.Invocation)
        public void awaitRoom(JcToolsBenchmark b) {
            waitForRoom(b);
        }
    }

    @Override
    public long occupancy() {
        return queue.size();
    }

    @Setup(Level.Trial)
    public void setUp() {
        queue = new MpscArrayQueue<>(Batch.CAPACITY);
        MpscArrayQueue<HttpEvent> q = queue;
        consumer = new BackoffConsumer("jctools-consumer") {
            @Override
            protected boolean takeOne() {
                HttpEvent e = q.poll();
                if (e == null) {
                    return false;
                }
                sink += e.status;
                return true;
            }
        };
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        consumer.shutdown();
        System.out.println("[JcToolsBenchmark] consumed=" + consumer.consumed);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void offer(Pool pool) {
        HttpEvent[] events = pool.events;
        for (int i = 0; i < Batch.SIZE; i++) {
            HttpEvent e = events[pool.next++ & (POOL_SIZE - 1)];
            e.copyFrom(this);
            if (!queue.offer(e)) {
                pool.refused++;
            }
        }
    }
}
