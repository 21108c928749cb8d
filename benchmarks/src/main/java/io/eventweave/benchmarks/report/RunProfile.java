package io.eventweave.benchmarks.report;

/**
 * How long each benchmark of the report runs. {@link #FULL} is the run behind {@code docs/performance.md} (about 20
 * minutes on 2 cores); {@link #SMOKE} is the CI's pass: one short fork of everything, to prove it still compiles,
 * starts and reports, not to measure.
 */
enum RunProfile {
    FULL(3, 5, 1000, 1_000_000, 4_000_000, 5, 20, 10, 60, 10),
    SMOKE(1, 1, 200, 20_000, 100_000, 1, 1, 1, 1, 1);

    /** JMH forks, and runs per contender of the process-level benchmarks. */
    final int forks;
    /** JMH warm-up and measurement iterations (each). */
    final int jmhIterations;
    final int jmhIterationMillis;
    /** B2: events written before the clock starts, and events measured. */
    final long throughputWarmupEvents;
    final long throughputEvents;
    /** B3: warm-up and measured seconds per run; B4: warm-up and measured seconds of the soak. */
    final int responseWarmupSeconds;
    final int responseSeconds;
    final int soakWarmupSeconds;
    final int soakSeconds;
    /** B5: start-up runs per configuration. */
    final int startupRuns;

    RunProfile(int forks, int jmhIterations, int jmhIterationMillis, long throughputWarmupEvents,
            long throughputEvents, int responseWarmupSeconds, int responseSeconds, int soakWarmupSeconds, int soakSeconds,
            int startupRuns) {
        this.forks = forks;
        this.jmhIterations = jmhIterations;
        this.jmhIterationMillis = jmhIterationMillis;
        this.throughputWarmupEvents = throughputWarmupEvents;
        this.throughputEvents = throughputEvents;
        this.responseWarmupSeconds = responseWarmupSeconds;
        this.responseSeconds = responseSeconds;
        this.soakWarmupSeconds = soakWarmupSeconds;
        this.soakSeconds = soakSeconds;
        this.startupRuns = startupRuns;
    }
}
