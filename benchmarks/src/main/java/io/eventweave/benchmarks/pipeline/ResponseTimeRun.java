package io.eventweave.benchmarks.pipeline;

import org.HdrHistogram.Histogram;

/**
 * B3 and B4: the response time of handing over one event at a fixed rate, measured from each call's intended start
 * (Log4j2's {@code ResponseTimeTest} method, free of coordinated omission): the producer (this main thread) spins until
 * the intended start of call {@code i} ({@code start + i / rate}), calls the pipeline, and records
 * {@code end - intended} in an HdrHistogram. A call that is late because an earlier one was slow is charged for the
 * wait. Warm-up first, then the histogram and the allocation and GC readings start over.
 *
 * <pre>java [contender's flags] -cp benchmarks.jar io.eventweave.benchmarks.pipeline.ResponseTimeRun
 *     eventweave|log4j2|none eventsPerSecond warmupSeconds seconds</pre>
 * Prints {@code RESULT events=… p50=… p99=… p99.9=… p99.99=… max=… (ns) producerBytes=… otherBytes=… gcCount=…}.
 */
public final class ResponseTimeRun {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ResponseTimeRun eventweave|log4j2|none eventsPerSecond warmupSeconds seconds");
            System.exit(2);
        }
        Pipeline pipeline = Pipeline.create(args[0]);
        long rate = Long.parseLong(args[1]);
        long warmupSeconds = Long.parseLong(args[2]);
        long seconds = Long.parseLong(args[3]);
        long interval = 1_000_000_000L / rate;
        // 1 ns to 10 s at 3 significant digits, allocated once here: recording allocates nothing
        Histogram histogram = new Histogram(10_000_000_000L, 3);

        paced(pipeline, histogram, interval, warmupSeconds * rate);
        histogram.reset();

        RunStats before = RunStats.now();
        long bytes = RunStats.currentThreadBytes();
        long events = seconds * rate;
        long late = paced(pipeline, histogram, interval, events);
        long producerBytes = RunStats.currentThreadBytes() - bytes;
        RunStats after = RunStats.now();
        pipeline.close();

        System.out.println("RESULT events=" + events + " p50=" + histogram.getValueAtPercentile(50)
                + " p90=" + histogram.getValueAtPercentile(90) + " p99=" + histogram.getValueAtPercentile(99)
                + " p99.9=" + histogram.getValueAtPercentile(99.9)
                + " p99.99=" + histogram.getValueAtPercentile(99.99) + " max=" + histogram.getMaxValue()
                + " behind=" + late + " producerBytes=" + producerBytes
                + " otherBytes=" + after.otherThreadsBytesSince(before)
                + " gcCount=" + (after.gcCount - before.gcCount) + " cpuNanos=" + (after.cpuNanos - before.cpuNanos));
    }

    /**
     * Makes {@code events} calls at one per {@code interval} ns and records each one's response time; returns how
     * many calls started later than intended (the pacer fell behind: the machine or the pipeline could not keep up).
     */
    private static long paced(Pipeline pipeline, Histogram histogram, long interval, long events) {
        long late = 0;
        long intended = System.nanoTime();
        for (long i = 0; i < events; i++) {
            long now;
            while ((now = System.nanoTime()) < intended) {
                Thread.onSpinWait();
            }
            if (now - intended > interval) {
                late++;
            }
            pipeline.emit();
            histogram.recordValue(System.nanoTime() - intended);
            intended += interval;
        }
        return late;
    }

    private ResponseTimeRun() {
    }
}
