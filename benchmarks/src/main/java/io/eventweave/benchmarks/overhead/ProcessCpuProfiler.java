package io.eventweave.benchmarks.overhead;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the whole benchmark JVM per operation ({@code cpu.process.per.op}, ns/op): the process's CPU time
 * ({@code OperatingSystemMXBean.getProcessCpuTime}, every thread: the benchmark's, an agent's drainer, the HTTP
 * server's, the JIT and GC) over an iteration, divided by the operations of the iteration. What an agent costs beside
 * the latency: a background thread that wakes often shows here even when the measured call does not wait for it.
 * {@code -prof io.eventweave.benchmarks.overhead.ProcessCpuProfiler}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    /** The secondary result's name. */
    public static final String RESULT = "cpu.process.per.op";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;

    @Override
    public String getDescription() {
        return "CPU time of the whole process per operation (OperatingSystemMXBean.getProcessCpuTime)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long ops = result.getMetadata().getAllOps(); // every operation between the two readings, as -prof gc's .norm
        if (cpuBefore < 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(RESULT, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
}
