package io.eventweave.benchmarks.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * B2: sustained events per second from the producers' calls to the JSON lines on disk, background thread included.
 * {@code threads} producers hand over events as fast as the pipeline takes them: each works in chunks of
 * {@link #CHUNK} and, before a chunk, pauses while the pipeline has no room for a chunk from every producer (Log4j2
 * waits by itself when its ring is full; ours would drop, so the producers wait instead and nothing is lost). A
 * warm-up of {@code warmupEvents} is written first and the queue left empty; then the clock runs from the first
 * measured event until the last one is written.
 *
 * <pre>java [contender's flags] -cp benchmarks.jar io.eventweave.benchmarks.pipeline.ThroughputRun
 *     eventweave|log4j2 threads warmupEvents events</pre>
 * Prints {@code RESULT events=… nanos=… cpuNanos=… gcCount=… producerBytes=… otherBytes=…}.
 */
public final class ThroughputRun {
    static final int CHUNK = 256;

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ThroughputRun eventweave|log4j2 threads warmupEvents events");
            System.exit(2);
        }
        Pipeline pipeline = Pipeline.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        long warmup = Long.parseLong(args[2]);
        long events = Long.parseLong(args[3]);

        produce(pipeline, threads, warmup / threads, new long[threads]);
        pipeline.awaitIdle();

        long[] producerBytes = new long[threads];
        RunStats before = RunStats.now();
        long t0 = System.nanoTime();
        produce(pipeline, threads, events / threads, producerBytes);
        pipeline.close();
        long t1 = System.nanoTime();
        RunStats after = RunStats.now();

        long measured = events / threads * threads;
        long producer = 0;
        for (long b : producerBytes) {
            producer += b;
        }
        System.out.println("RESULT events=" + measured + " warmup=" + warmup / threads * threads
                + " nanos=" + (t1 - t0) + " cpuNanos=" + (after.cpuNanos - before.cpuNanos)
                + " gcCount=" + (after.gcCount - before.gcCount) + " producerBytes=" + producer
                + " otherBytes=" + after.otherThreadsBytesSince(before));
    }

    /** Runs {@code threads} producers of {@code perThread} events each; records each one's allocated bytes. */
    private static void produce(Pipeline pipeline, int threads, long perThread, long[] allocated)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            producers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long bytes = RunStats.currentThreadBytes();
                int room = CHUNK * threads;
                for (long done = 0; done < perThread; ) {
                    while (!pipeline.hasRoomFor(room)) {
                        LockSupport.parkNanos(20_000L);
                    }
                    long n = Math.min(CHUNK, perThread - done);
                    for (int i = 0; i < n; i++) {
                        pipeline.emit();
                    }
                    done += n;
                }
                allocated[index] = RunStats.currentThreadBytes() - bytes;
            }, "producer-" + t);
            producers[t].start();
        }
        start.countDown();
        for (Thread p : producers) {
            p.join();
        }
    }

    private ThroughputRun() {
    }
}
