package io.eventweave.benchmarks.overhead;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B5, the application's own calls under each agent; the report runs this class three times, with no agent, with
 * ours and with the OpenTelemetry Java agent ({@code -jvmArgsAppend}), and compares the same benchmark across runs.
 * <ul>
 * <li>{@link #closedBreaker}: a closed Resilience4j breaker's {@code executeSupplier} around a trivial supplier, a
 * hot call our agent instruments (the permission check) but that emits nothing;</li>
 * <li>{@link #httpLoop}: one JDK HttpClient request to the JDK HTTP server on 127.0.0.1 per operation (ours writes an
 * {@code http.client.request} and an {@code http.server.request} event and sends {@code traceparent}).</li>
 * </ul>
 * Beside the time per operation, the report reads the CPU time of the whole process per operation
 * ({@link ProcessCpuProfiler}); by hand: {@code -prof io.eventweave.benchmarks.overhead.ProcessCpuProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class OverheadBenchmark {
    private LoopbackService service;
    private CircuitBreaker breaker;
    private final Supplier<Long> work = new Supplier<>() {
        private long calls;

        @Override
        public Long get() {
            return ++calls & 0x7f; // cached Long values: the supplier itself allocates nothing
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        service = new LoopbackService();
        breaker = CircuitBreaker.ofDefaults("hot");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Long closedBreaker() {
        return breaker.executeSupplier(work);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int httpLoop() {
        return service.call();
    }
}
