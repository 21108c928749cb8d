package io.eventweave.benchmarks;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslator;
import com.lmax.disruptor.RingBuffer;
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
 * B1, anchor 1: LMAX Disruptor 4 multi-producer ring of 64 K preallocated {@link HttpEvent}s,
 * {@code tryPublishEvent} (the non-blocking CAS claim, as Log4j's async loggers use it) with one fixed translator that
 * copies the same 13 values into the slot. One {@link BatchEventProcessor} with {@link SleepingWaitStrategy}
 * (parks {@link BackoffConsumer#IDLE_NANOS} when empty, as every B1 consumer does) consumes and only reads a field.
 * Measured while the ring is not full: see {@link Batch}. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DisruptorBenchmark extends HttpRequestValues
        implements Refusals.Occupied, EventTranslator<HttpEvent> {
    private RingBuffer<HttpEvent> ring;
    private BatchEventProcessor<HttpEvent> processor;
    private Thread consumerThread;
    private ReadOneField handler;

    /** Untimed: waits until the ring has room for a whole batch from every producer thread. */
    @State(Scope.Thread)
    public static class Room extends Refusals {
        @Setup(Level.Invocation)
        public void awaitRoom(DisruptorBenchmark b) {
            waitForRoom(b);
        }
    }

    /** Reads one field of each event; touched by the consumer thread only until teardown joins it. */
    static final class ReadOneField implements EventHandler<HttpEvent> {
        long consumed;
        long sink;

        @Override
        public void onEvent(HttpEvent event, long sequence, boolean endOfBatch) {
            sink += event.status;
            consumed++;
        }
    }

    @Override
    public long occupancy() {
        return Batch.CAPACITY - ring.remainingCapacity();
    }

    @Setup(Level.Trial)
    public void setUp() {
        ring = RingBuffer.createMultiProducer(HttpEvent::new, Batch.CAPACITY, new SleepingWaitStrategy(0, BackoffConsumer.IDLE_NANOS));
        handler = new ReadOneField();
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        consumerThread = new Thread(processor, "disruptor-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        // let the consumer catch up with the last published sequence, then stop it
        while (processor.getSequence().get() < ring.getCursor()) {
            Thread.onSpinWait();
        }
        processor.halt();
        consumerThread.join();
        System.out.println("[DisruptorBenchmark] consumed=" + handler.consumed);
    }

    @Override
    public void translateTo(HttpEvent e, long sequence) {
        e.copyFrom(this);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void tryPublishEvent(Room room) {
        for (int i = 0; i < Batch.SIZE; i++) {
            if (!ring.tryPublishEvent(this)) {
                room.refused++;
            }
        }
    }
}
