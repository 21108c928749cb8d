package io.eventweave.benchmarks.report;

import io.eventweave.benchmarks.overhead.ProcessCpuProfiler;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks through its API (forked JVMs, {@code -prof gc}, the process's CPU time, the report's fork and
 * iteration counts) and keeps, per benchmark method, the figures the tables show: the median over every measured
 * iteration of every fork, the spread of the fork means, JMH's 99.9 % error, {@code gc.alloc.rate.norm} and
 * {@code cpu.process.per.op}.
 */
final class JmhFigures {
    /** One benchmark method's figures. */
    static final class Figure {
        final Samples forkMeans = new Samples();
        double median;
        double error;
        double bytesPerOp = Double.NaN;
        /** The whole process's CPU time per operation, ns ({@link ProcessCpuProfiler}), median of the iterations. */
        double cpuNanosPerOp = Double.NaN;
        String unit;
    }

    private JmhFigures() {
    }

    /**
     * Runs the benchmarks matching {@code include} with {@code threads} threads, extra JVM flags {@code jvmArgs};
     * JMH's own output goes to {@code log}. Keyed by method name ({@code emit}, {@code tryPublishEvent}, ...).
     */
    static Map<String, Figure> run(String include, int threads, List<String> jvmArgs, RunProfile profile, Path log)
            throws RunnerException {
        return run(include, threads, jvmArgs, profile, profile.jmhIterations, log);
    }

    /** As {@link #run(String, int, List, RunProfile, Path)} with {@code warmupIterations} of its own. */
    static Map<String, Figure> run(String include, int threads, List<String> jvmArgs, RunProfile profile,
            int warmupIterations, Path log) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .threads(threads)
                .forks(profile.forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(profile.jmhIterationMillis))
                .measurementIterations(profile.jmhIterations)
                .measurementTime(TimeValue.milliseconds(profile.jmhIterationMillis))
                .addProfiler(GCProfiler.class)
                .addProfiler(ProcessCpuProfiler.class)
                .shouldFailOnError(true)
                .output(log.toString());
        if (!jvmArgs.isEmpty()) {
            options.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Figure> figures = new HashMap<>();
        for (RunResult run : results) {
            String benchmark = run.getParams().getBenchmark();
            Figure figure = new Figure();
            Result<?> primary = run.getPrimaryResult();
            figure.median = primary.getStatistics().getPercentile(50);
            figure.error = primary.getScoreError();
            figure.unit = primary.getScoreUnit();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                figure.forkMeans.add(fork.getPrimaryResult().getScore());
            }
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                figure.bytesPerOp = alloc.getScore();
            }
            Result<?> cpu = run.getSecondaryResults().get(ProcessCpuProfiler.RESULT);
            if (cpu != null) {
                figure.cpuNanosPerOp = cpu.getStatistics().getPercentile(50);
            }
            figures.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), figure);
        }
        return figures;
    }
}
