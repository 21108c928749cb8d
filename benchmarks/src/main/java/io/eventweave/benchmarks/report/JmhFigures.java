package io.eventweave.benchmarks.report;

import io.eventweave.benchmarks.overhead.ProcessCpuProfiler;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

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
        return figures(runForks(include, threads, jvmArgs, profile, profile.jmhIterations, profile.forks, log));
    }

    /** JMH's results of {@code forks} forks of the benchmarks matching {@code include}. */
    static Collection<RunResult> runForks(String include, int threads, List<String> jvmArgs, RunProfile profile,
            int warmupIterations, int forks, Path log) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .threads(threads)
                .forks(forks)
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
        return new Runner(options.build()).run();
    }

    /**
     * The figures of every fork in {@code runs} (one JMH run, or several runs of one fork each taken in turn with
     * other configurations), keyed by method name: the median and the 99.9 % error over every measured iteration of
     * every fork, the fork means, the mean of the forks' bytes per op, the median of the iterations' CPU per op.
     */
    static Map<String, Figure> figures(Collection<RunResult> runs) {
        Map<String, ListStatistics> scores = new LinkedHashMap<>();
        Map<String, ListStatistics> cpu = new HashMap<>();
        Map<String, ListStatistics> bytes = new HashMap<>();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Figure figure = figures.computeIfAbsent(method, m -> new Figure());
            figure.unit = run.getPrimaryResult().getScoreUnit();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                figure.forkMeans.add(fork.getPrimaryResult().getScore());
                Result<?> alloc = fork.getSecondaryResults().get("gc.alloc.rate.norm");
                if (alloc != null) {
                    bytes.computeIfAbsent(method, m -> new ListStatistics()).addValue(alloc.getScore());
                }
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.computeIfAbsent(method, m -> new ListStatistics())
                            .addValue(iteration.getPrimaryResult().getScore());
                    Result<?> c = iteration.getSecondaryResults().get(ProcessCpuProfiler.RESULT);
                    if (c != null) {
                        cpu.computeIfAbsent(method, m -> new ListStatistics()).addValue(c.getScore());
                    }
                }
            }
        }
        for (Map.Entry<String, Figure> entry : figures.entrySet()) {
            Figure figure = entry.getValue();
            ListStatistics s = scores.get(entry.getKey());
            figure.median = s.getPercentile(50);
            figure.error = s.getN() > 2 ? s.getMeanErrorAt(0.999) : Double.NaN;
            if (bytes.containsKey(entry.getKey())) {
                figure.bytesPerOp = bytes.get(entry.getKey()).getMean();
            }
            if (cpu.containsKey(entry.getKey())) {
                figure.cpuNanosPerOp = cpu.get(entry.getKey()).getPercentile(50);
            }
        }
        return figures;
    }
}
