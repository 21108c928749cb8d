package io.eventweave.benchmarks;

import io.eventweave.runtime.TraceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
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
 * B1, anchor 3: a JDK Flight Recorder event commit with the same fields ({@link HttpClientRequestEvent}), into a
 * recording that has only that event enabled (no stack trace, no threshold), to disk, destination a temporary file.
 * JFR's own threads play the consumer. The same loop of {@link Batch#SIZE} events per invocation as the queue
 * contenders (there is no queue occupancy to wait for). Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JfrBenchmark extends HttpRequestValues {
    /** The error as JFR can hold it (a type name); null, as {@link #error} is. */
    public String errorType = null;

    private Recording recording;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("eventweave-jfr-benchmark-", ".jfr");
        recording = new Recording();
        recording.enable(HttpClientRequestEvent.class).withoutStackTrace().withoutThreshold();
        recording.setToDisk(true);
        // keep the repository bounded: a trial writes hundreds of MB at full speed
        recording.setMaxSize(64L << 20);
        recording.setDestination(file);
        recording.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        recording.stop();
        recording.close();
        System.out.println("[JfrBenchmark] recording file " + Files.size(file) + " bytes (bounded by maxSize)");
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.SIZE)
    public void commit() {
        for (int i = 0; i < Batch.SIZE; i++) {
            HttpClientRequestEvent e = new HttpClientRequestEvent();
            e.provider = provider;
            e.method = method;
            e.scheme = scheme;
            e.host = host;
            e.port = port;
            e.path = path;
            e.status = status;
            e.resendCount = resendCount;
            e.error = errorType;
            e.start = startNanos;
            e.end = endNanos;
            TraceContext t = trace;
            if (t != null) {
                e.traceIdHigh = t.traceIdHigh;
                e.traceIdLow = t.traceIdLow;
            }
            e.spanId = spanId;
            e.commit();
        }
    }
}
