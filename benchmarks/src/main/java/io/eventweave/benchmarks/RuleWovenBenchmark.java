package io.eventweave.benchmarks;

import bench.rules.AppLimiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A method a configuration rule wove, called in a loop (issue 12): run it with and without the agent and the rule
 * below, to see the whole cost of a rule event on the application thread (the advice, its three reads, the emit) and,
 * with {@code -prof gc}, that it allocates nothing:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RuleWovenBenchmark -prof gc \
 *   -jvmArgsAppend "-javaagent:agent/target/eventweave-agent.jar -Deventweave.output.path=/tmp/rw-%p.jsonl
 *   -Deventweave.rules.file=benchmarks/rules-benchmark.json"
 * </pre>
 * At this rate the drainer cannot write every event, so most are dropped (counted, the ring full): the figure is the
 * application thread's cost, which a full ring does not change by much (the claim fails instead of the fill).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuleWovenBenchmark {
    private final AppLimiter limiter = new AppLimiter();
    private final AppLimiter.Ticket ticket = new AppLimiter.Ticket("files.acme.test", AppLimiter.Mode.THROTTLED);

    @Benchmark
    public long acquire() {
        return limiter.acquire(ticket);
    }
}
