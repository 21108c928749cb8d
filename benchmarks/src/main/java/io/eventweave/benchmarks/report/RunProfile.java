package io.eventweave.benchmarks.report;

/**
 * How long each benchmark of the report runs. {@link #FULL} is the run behind {@code docs/performance.md} (about 30
 * minutes on 2 cores); {@link #SMOKE} is the CI's pass: one short fork of everything, to prove it still compiles,
 * starts and reports, not to measure.
 */
enum RunProfile {
    FULL(3, 5, 30, 1000, 1_000_000, 4_000_000, 5, 20, 10, 60, 10, 5, 10, 5, Integer.MAX_VALUE, true, 1024,
            1_000_000, 50_000, 20, 50, 200),
    SMOKE(1, 1, 1, 200, 20_000, 100_000, 1, 1, 1, 1, 1, 1, 1, 1, 1, false, 48, 30_000, 10_000, 2, 5, 10);

    /** JMH forks, and runs per contender of the process-level benchmarks. */
    final int forks;
    /** JMH warm-up and measurement iterations (each). */
    final int jmhIterations;
    /**
     * JMH warm-up iterations of the calls that cross sockets and threads (B5's {@code httpLoop}, B9's HTTP clients).
     * On 2 cores those keep getting faster for 15-20 s (C2 is still compiling the HTTP stack, 100 methods a second,
     * after 5 s): measured after 5 s, each fork lands at its own point of that curve, and a contender that starts
     * with more to compile (an agent) lags on it. 30 iterations put every fork on the flat part.
     */
    final int jmhNetworkWarmupIterations;
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
    /** B6: runs per contender of the Spring Boot service and of the held trivial app; of {@code java -version} and of the trivial {@code main} (each). */
    final int serviceRuns;
    final int versionRuns;
    /** B7: runs per configuration, and how many modules are switched off one at a time (the first ones listed). */
    final int moduleRuns;
    final int modulesOff;
    /**
     * B6, B7: whether every configuration runs. The smoke pass leaves out, to add well under a minute, the
     * OpenTelemetry agent on the trivial app, B7's no-agent and all-modules-off configurations and B7's Spring Boot
     * runs: each is the same code as a run that stays, with other flags.
     */
    final boolean everyStartupConfiguration;
    /** B10: megabytes of JSONL the command line reads (runs per contender: {@link #forks}). */
    final int cliMegabytes;
    /** B11: events of the corpus the shipper catches up on; the steady rate and seconds of the live run. */
    final long shipperEvents;
    final double shipperLiveRate;
    final int shipperLiveSeconds;
    /** B12: scrapes of each target and format before timing, and timed. */
    final int scrapeWarmup;
    final int scrapes;

    RunProfile(int forks, int jmhIterations, int jmhNetworkWarmupIterations, int jmhIterationMillis, long throughputWarmupEvents,
            long throughputEvents, int responseWarmupSeconds, int responseSeconds, int soakWarmupSeconds, int soakSeconds,
            int startupRuns, int serviceRuns, int versionRuns, int moduleRuns, int modulesOff,
            boolean everyStartupConfiguration, int cliMegabytes, long shipperEvents, double shipperLiveRate,
            int shipperLiveSeconds, int scrapeWarmup, int scrapes) {
        this.forks = forks;
        this.jmhIterations = jmhIterations;
        this.jmhNetworkWarmupIterations = jmhNetworkWarmupIterations;
        this.jmhIterationMillis = jmhIterationMillis;
        this.throughputWarmupEvents = throughputWarmupEvents;
        this.throughputEvents = throughputEvents;
        this.responseWarmupSeconds = responseWarmupSeconds;
        this.responseSeconds = responseSeconds;
        this.soakWarmupSeconds = soakWarmupSeconds;
        this.soakSeconds = soakSeconds;
        this.startupRuns = startupRuns;
        this.serviceRuns = serviceRuns;
        this.versionRuns = versionRuns;
        this.moduleRuns = moduleRuns;
        this.modulesOff = modulesOff;
        this.everyStartupConfiguration = everyStartupConfiguration;
        this.cliMegabytes = cliMegabytes;
        this.shipperEvents = shipperEvents;
        this.shipperLiveRate = shipperLiveRate;
        this.shipperLiveSeconds = shipperLiveSeconds;
        this.scrapeWarmup = scrapeWarmup;
        this.scrapes = scrapes;
    }
}
