package io.eventweave.benchmarks.report;

import io.eventweave.benchmarks.pipeline.PolicyEventPipeline;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;

/**
 * The one command behind {@code docs/performance.md}: runs B1-B9 side by side with their anchors on this machine and
 * writes the tables (our figure, the anchor's, the ratio, median and spread, allocation, the machine).
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar io.eventweave.benchmarks.report.PerformanceReport
 * </pre>
 * Options: {@code --smoke} (one short fork of everything, written to {@code benchmarks/target/performance-smoke.md}
 * unless {@code --out} says otherwise; what the CI runs), {@code --out FILE}, {@code --only B1,B3} (a subset, for
 * working on one benchmark; when the output file exists, its sections and goal rows of the other benchmarks are kept,
 * and its header says which run they come from). Run from the repository root. JMH and child-JVM logs go to
 * {@code benchmarks/target/performance/}.
 */
public final class PerformanceReport {
    private static final String OTEL_AGENT = "benchmarks/target/anchors/opentelemetry-javaagent.jar";
    private static final String AGENT = "agent/target/eventweave-agent.jar";
    private static final String BENCHMARKS_JAR = "benchmarks/target/benchmarks.jar";
    private static final String LOG4J2_LIBS = "benchmarks/target/anchors/log4j2";
    private static final String DUCKDB_JAR = "benchmarks/target/anchors/duckdb/duckdb_jdbc-linux_amd64.jar";

    private final RunProfile profile;
    private final Path root;
    private final Path logs;
    private final Report report;

    private PerformanceReport(RunProfile profile, Path root, Path logs, Report report) {
        this.profile = profile;
        this.root = root;
        this.logs = logs;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        RunProfile profile = RunProfile.FULL;
        Path out = null;
        List<String> all = List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11",
                "B12");
        List<String> only = all;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke":
                    profile = RunProfile.SMOKE;
                    break;
                case "--out":
                    out = Path.of(value(args, ++i, "--out"));
                    break;
                case "--only":
                    only = List.of(value(args, ++i, "--only").toUpperCase(Locale.ROOT).split(","));
                    break;
                default:
                    System.err.println("unknown option " + args[i]
                            + "; usage: PerformanceReport [--smoke] [--out FILE] [--only B1,B2,...,B12]");
                    System.exit(2);
            }
        }
        Path root = Path.of("").toAbsolutePath();
        for (String required : List.of(AGENT, BENCHMARKS_JAR, OTEL_AGENT, LOG4J2_LIBS, DUCKDB_JAR)) {
            if (!Files.exists(root.resolve(required))) {
                System.err.println("missing " + root.resolve(required) + ": run from the repository root after "
                        + "mvn -B -q -DskipTests package");
                System.exit(2);
            }
        }
        if (out == null) {
            out = root.resolve(profile == RunProfile.SMOKE ? "benchmarks/target/performance-smoke.md"
                    : "docs/performance.md");
        }
        Path logs = Files.createDirectories(root.resolve("benchmarks/target/performance"));
        Report report = new Report(profile, only);
        PerformanceReport run = new PerformanceReport(profile, root, logs, report);
        long start = System.nanoTime();
        if (only.contains("B1")) {
            run.b1();
        }
        if (only.contains("B2")) {
            run.b2();
        }
        if (only.contains("B3") || only.contains("B4")) {
            run.b3b4(only.contains("B3"), only.contains("B4"));
        }
        if (only.contains("B5")) {
            run.b5();
        }
        if (only.contains("B6")) {
            run.b6();
        }
        if (only.contains("B7")) {
            run.b7();
        }
        if (only.contains("B8")) {
            run.b8();
        }
        if (only.contains("B9")) {
            run.b9();
        }
        if (only.contains("B10")) {
            run.b10();
        }
        if (only.contains("B11")) {
            run.b11();
        }
        if (only.contains("B12")) {
            run.b12();
        }
        report.finish((System.nanoTime() - start) / 1_000_000_000L);
        Files.createDirectories(out.toAbsolutePath().getParent());
        // a subset rewrites the page it is part of: the other benchmarks' sections stay as they were
        String previous = !only.containsAll(all) && Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8)
                : null;
        Files.writeString(out, report.markdown(previous), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    // ---------------------------------------------------------------------------------------------------------- B1

    private void b1() throws Exception {
        progress("B1: emit vs Disruptor, JCTools, JFR (JMH)");
        String include = "io\\.eventweave\\.benchmarks\\.(EmitBenchmark|DisruptorBenchmark|JcToolsBenchmark|JfrBenchmark)\\.";
        List<String> heap = List.of("-Xms1g", "-Xmx1g");
        Map<Integer, Map<String, JmhFigures.Figure>> byThreads = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2}) {
            byThreads.put(threads, JmhFigures.run(include, threads, heap, profile, logs.resolve("b1-t" + threads + ".log")));
        }
        report.b1(byThreads);
    }

    // ---------------------------------------------------------------------------------------------------------- B2

    private void b2() throws Exception {
        progress("B2: throughput to a JSON lines file vs Log4j2 async + JsonTemplateLayout");
        Map<String, List<Map<String, String>>> runs = new LinkedHashMap<>();
        runs.put("eventweave", new ArrayList<>());
        runs.put("log4j2", new ArrayList<>());
        for (int fork = 0; fork < profile.forks; fork++) {
            for (String contender : runs.keySet()) {
                Path dir = Files.createTempDirectory("eventweave-b2-");
                try {
                    Path file = dir.resolve("events.jsonl");
                    Map<String, String> result = contender(contender, file, "b2")
                            .args("io.eventweave.benchmarks.pipeline.ThroughputRun", contender, "2",
                                    Long.toString(profile.throughputWarmupEvents),
                                    Long.toString(profile.throughputEvents))
                            .run(1800);
                    long expected = Long.parseLong(result.get("events")) + Long.parseLong(result.get("warmup"));
                    result.put("verified", verifyWritten(contender, file, expected));
                    runs.get(contender).add(result);
                } finally {
                    deleteTree(dir);
                }
            }
        }
        report.b2(runs);
    }

    /**
     * Checks from the file that every event was written: ours by the {@code agent.stop} line's own accounting (its
     * counts include the agent's lines), Log4j2 by the number of lines. Returns a note for the table; a shortfall
     * fails the run.
     */
    private static String verifyWritten(String contender, Path file, long expected) throws IOException {
        if (contender.equals("eventweave")) {
            String last = lastLine(file);
            long emitted = number(last, "\"emitted\":(\\d+)");
            long written = number(last, "\"written\":(\\d+)");
            long dropped = number(last, "\"dropped\":(\\d+)");
            if (!last.contains("\"agent.stop\"") || dropped != 0 || written != emitted || emitted < expected) {
                throw new IllegalStateException("eventweave lost events: " + last);
            }
            return "all " + written + " lines written (agent.stop)";
        }
        long lines = countLines(file);
        if (lines != expected) {
            throw new IllegalStateException(contender + " wrote " + lines + " lines, expected " + expected);
        }
        return "all " + lines + " lines written (counted)";
    }

    // ------------------------------------------------------------------------------------------------------- B3, B4

    private void b3b4(boolean b3, boolean b4) throws Exception {
        int rate = 200_000;
        Map<String, List<Map<String, String>>> runs = new LinkedHashMap<>();
        if (b3) {
            progress("B3: response time at " + rate + " events/s vs Log4j2 async (garbage-free)");
            runs.put("none", new ArrayList<>());
            runs.put("eventweave", new ArrayList<>());
            runs.put("log4j2", new ArrayList<>());
            for (int fork = 0; fork < profile.forks; fork++) {
                for (String contender : runs.keySet()) {
                    // the harness alone in every round too: B3's p99 goal is a ratio to it, run by run alike
                    runs.get(contender).add(responseTime(contender, rate, profile.responseWarmupSeconds,
                            profile.responseSeconds));
                }
            }
        }
        Map<String, String> soak = null;
        if (b4) {
            progress("B4: allocation and GC over a " + profile.soakSeconds + " s soak at " + rate + " events/s");
            soak = responseTime("eventweave", rate, profile.soakWarmupSeconds, profile.soakSeconds);
        }
        report.b3b4(rate, runs, soak);
    }

    private Map<String, String> responseTime(String contender, int rate, int warmupSeconds, int seconds)
            throws Exception {
        Path dir = Files.createTempDirectory("eventweave-b3-");
        try {
            return contender(contender, dir.resolve("events.jsonl"), "b3")
                    .args("io.eventweave.benchmarks.pipeline.ResponseTimeRun", contender, Integer.toString(rate),
                            Integer.toString(warmupSeconds), Integer.toString(seconds))
                    .run(600);
        } finally {
            deleteTree(dir);
        }
    }

    // ---------------------------------------------------------------------------------------------------------- B5

    private void b5() throws Exception {
        progress("B5: start-up, closed breaker, HTTP loop: no agent, eventweave, OpenTelemetry Java agent");
        Path dir = Files.createTempDirectory("eventweave-b5-");
        try {
            Map<String, List<String>> configurations = new LinkedHashMap<>();
            configurations.put("none", List.of());
            configurations.put("eventweave", List.of("-javaagent:" + root.resolve(AGENT),
                    "-Deventweave.output.path=" + dir.resolve("events.jsonl")));
            configurations.put("opentelemetry", List.of("-javaagent:" + root.resolve(OTEL_AGENT),
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                    "-Dotel.service.name=benchmark"));

            Map<String, Samples> startup = new LinkedHashMap<>();
            configurations.keySet().forEach(name -> startup.put(name, new Samples()));
            for (int i = 0; i < profile.startupRuns; i++) {
                for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
                    long nanos = new ChildJvm(logs.resolve("b5-startup-" + configuration.getKey() + ".log"))
                            .args(configuration.getValue())
                            .args("-cp", root.resolve(BENCHMARKS_JAR).toString(),
                                    "io.eventweave.benchmarks.overhead.StartupApp")
                            .timeToExit(120);
                    startup.get(configuration.getKey()).add(nanos / 1e6);
                }
            }

            report.b5(startup, jmhPerConfiguration(List.of(
                    new JmhGroup("io\\.eventweave\\.benchmarks\\.overhead\\.OverheadBenchmark\\.closedBreaker$", false),
                    new JmhGroup("io\\.eventweave\\.benchmarks\\.overhead\\.OverheadBenchmark\\.httpLoop$", true)),
                    configurations, "b5"));
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    /**
     * A child JVM set up as {@code contender}: ours under the agent (one file, no rotation, so that it writes exactly
     * what Log4j2's single RandomAccessFile writes), Log4j2 with its jars, all-async selector and configuration.
     */
    private ChildJvm contender(String contender, Path file, String benchmark) {
        ChildJvm jvm = new ChildJvm(logs.resolve(benchmark + "-" + contender + ".log")).args("-Xms512m", "-Xmx512m");
        String classPath = root.resolve(BENCHMARKS_JAR).toString();
        switch (contender) {
            case "eventweave":
                jvm.args("-javaagent:" + root.resolve(AGENT))
                        .env(Map.of("EVENTWEAVE_OUTPUT_PATH", file.toString(),
                                "EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "1000GB",
                                "EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP", "2000GB",
                                "EVENTWEAVE_SHUTDOWN_TIMEOUT", "120s"));
                break;
            case "log4j2":
                classPath += java.io.File.pathSeparator + root.resolve(LOG4J2_LIBS) + java.io.File.separator + "*";
                jvm.args("-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector",
                        "-Dlog4j2.configurationFile=log4j2-benchmark.xml",
                        "-Dlog4j2.enableThreadlocals=true", "-Dlog4j2.enableDirectEncoders=true",
                        "-Dlog4j2.asyncLoggerRingBufferSize=262144",
                        "-Dbenchmark.output=" + file);
                break;
            default:
                break;
        }
        return jvm.args("-cp", classPath);
    }

    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] tail = new byte[size];
            in.seek(length - size);
            in.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            return text.substring(text.lastIndexOf('\n') + 1);
        }
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static long number(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void progress(String what) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + what);
    }

    // ------------------------------------------------------------------------------------------------ B6, B7, B8

    private void b6() throws Exception {
        progress("B6: start-up, CPU and memory of a Spring Boot service and of the trivial app: no agent, eventweave, "
                + "OpenTelemetry Java agent");
        Path dir = Files.createTempDirectory("eventweave-b6-");
        try {
            StartupRuns runs = new StartupRuns(root, logs, root.resolve(AGENT), root.resolve(OTEL_AGENT), dir);
            Map<String, List<Map<String, Double>>> service = new LinkedHashMap<>();
            Map<String, List<Map<String, Double>>> trivial = new LinkedHashMap<>();
            for (String contender : StartupRuns.CONTENDERS) {
                service.put(contender, new ArrayList<>());
                trivial.put(contender, new ArrayList<>());
            }
            Map<String, Samples> version = new LinkedHashMap<>();
            version.put("none", new Samples());
            version.put("eventweave", new Samples());
            for (int i = 0; i < profile.serviceRuns; i++) {
                for (String contender : StartupRuns.CONTENDERS) {
                    service.get(contender).add(runs.service(contender, Map.of(), 21, true,
                            "b6-service-" + contender + ".log"));
                    if (profile.everyStartupConfiguration || !contender.equals("opentelemetry")) {
                        trivial.get(contender).add(runs.trivial(contender, Map.of(), "b6-trivial-" + contender
                                + ".log"));
                    }
                }
            }
            Map<String, Samples> hello = new LinkedHashMap<>();
            for (String contender : StartupRuns.CONTENDERS) {
                hello.put(contender, new Samples());
            }
            hello.put(Report.WITH_50_RULES, new Samples());
            Map<String, String> rules = runs.unmatchedRules(50);
            // The short runs (a fraction of a second each) alternate among themselves, twice as many rounds as the
            // version runs: a run right after a run of the OpenTelemetry agent (5 s on both cores) was about 25 ms
            // slower than one after a short run (12 rounds each way, 2026-12-06), and in one loop with it the same
            // contender always came right after it. The OpenTelemetry agent's runs follow, in a block of their own.
            for (int i = 0; i < 2 * profile.versionRuns; i++) {
                if (i < profile.versionRuns) {
                    for (String contender : version.keySet()) {
                        version.get(contender).add(runs.version(contender, "b6-version-" + contender + ".log"));
                    }
                }
                for (String contender : StartupRuns.CONTENDERS) {
                    if (!contender.equals("opentelemetry")) {
                        hello.get(contender).add(runs.hello(contender, "b6-hello-" + contender + ".log"));
                    }
                }
                hello.get(Report.WITH_50_RULES).add(runs.hello("eventweave", rules, "b6-hello-rules.log"));
            }
            for (int i = 0; profile.everyStartupConfiguration && i < profile.versionRuns; i++) {
                hello.get("opentelemetry").add(runs.hello("opentelemetry", "b6-hello-opentelemetry.log"));
            }
            report.b6(service, trivial, hello, version);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * B7: our agent with its start-up timing on, under every configuration in turn, run by run: no agent, all
     * modules on, all off, and all on but one (for the first {@code profile.modulesOff} modules of {@code --help}).
     */
    private void b7() throws Exception {
        progress("B7: our agent's start-up phases and the start-up cost of each instrumentation module");
        Path dir = Files.createTempDirectory("eventweave-b7-");
        try {
            StartupRuns runs = new StartupRuns(root, logs, root.resolve(AGENT), root.resolve(OTEL_AGENT), dir);
            Map<String, String> modules = runs.modules();
            Map<String, String> timing = Map.of("EVENTWEAVE_STARTUP_TIMING", "true");
            Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
            if (profile.everyStartupConfiguration) {
                configurations.put(Report.NO_AGENT, Map.of());
            }
            configurations.put(Report.ALL_ON, timing);
            if (profile.everyStartupConfiguration) {
                Map<String, String> allOff = new LinkedHashMap<>(timing);
                modules.values().forEach(variable -> allOff.put(variable, "false"));
                configurations.put(Report.ALL_OFF, allOff);
            }
            modules.entrySet().stream().limit(profile.modulesOff).forEach(module -> {
                Map<String, String> env = new LinkedHashMap<>(timing);
                env.put(module.getValue(), "false");
                configurations.put(Report.WITHOUT + module.getKey(), env);
            });
            Map<String, List<Map<String, Double>>> trivial = new LinkedHashMap<>();
            Map<String, List<Map<String, Double>>> service = new LinkedHashMap<>();
            for (int i = 0; i < profile.moduleRuns; i++) {
                for (Map.Entry<String, Map<String, String>> c : configurations.entrySet()) {
                    String contender = c.getKey().equals(Report.NO_AGENT) ? "none" : "eventweave";
                    trivial.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                            .add(runs.trivial(contender, c.getValue(), "b7-trivial.log"));
                    if (profile.everyStartupConfiguration) {
                        service.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                                .add(runs.service(contender, c.getValue(), 1, false, "b7-service.log"));
                    }
                }
            }
            report.b7(new ArrayList<>(modules.keySet()), trivial, service);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * B8: B2 for each policy event kind, under our agent: {@code PolicyEvents} called directly by 2 producers
     * ({@code ThroughputRun eventweave:<kind>}, the pipeline's capacity for that kind), and the kind made by a real
     * Resilience4j object on one thread ({@code PolicyKindThroughputRun}, the library's cost included). Every event
     * is checked on disk as in B2.
     */
    private void b8() throws Exception {
        progress("B8: B2 per policy event kind, PolicyEvents called directly and through Resilience4j");
        Map<String, List<Map<String, String>>> direct = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> library = new LinkedHashMap<>();
        for (int fork = 0; fork < profile.forks; fork++) {
            for (String kind : PolicyEventPipeline.KINDS) {
                direct.computeIfAbsent(kind, k -> new ArrayList<>()).add(policyRun(
                        "io.eventweave.benchmarks.pipeline.ThroughputRun", "eventweave:" + kind, "2",
                        Long.toString(profile.throughputWarmupEvents), Long.toString(profile.throughputEvents)));
                library.computeIfAbsent(kind, k -> new ArrayList<>()).add(policyRun(
                        "io.eventweave.benchmarks.pipeline.PolicyKindThroughputRun", kind,
                        Long.toString(profile.throughputWarmupEvents / 2), Long.toString(profile.throughputEvents / 2)));
            }
        }
        report.b8(direct, library);
    }

    /**
     * B9: {@code MatchedCallsBenchmark} (the hand-overs and HTTP clients instrumented since issue 11) with no agent
     * and with ours, the same benchmark compared across the two runs.
     */
    private void b9() throws Exception {
        progress("B9: matched calls of the thread hand-over and HTTP client instrumentations: no agent, eventweave");
        Path dir = Files.createTempDirectory("eventweave-b9-");
        try {
            Map<String, List<String>> configurations = new LinkedHashMap<>();
            configurations.put("none", List.of());
            configurations.put("eventweave", List.of("-javaagent:" + root.resolve(AGENT),
                    "-Deventweave.output.path=" + dir.resolve("events-%p.jsonl")));
            report.b9(jmhPerConfiguration(List.of(
                    new JmhGroup("io\\.eventweave\\.benchmarks\\.matched\\.MatchedCallsBenchmark\\.(?!(" + B9_NETWORK + ")$)",
                            false),
                    new JmhGroup("io\\.eventweave\\.benchmarks\\.matched\\.MatchedCallsBenchmark\\.(" + B9_NETWORK + ")$", true)),
                    configurations, "b9"));
        } finally {
            deleteTree(dir);
        }
    }

    private void b10() throws Exception {
        progress("B10: the command line over " + profile.cliMegabytes + " MB of JSONL: summary beside DuckDB and jq, "
                + "a selective query beside a read-only JVM, grep and cat");
        try {
            Process jq = new ProcessBuilder("jq", "--version").redirectErrorStream(true).start();
            if (jq.waitFor() != 0) {
                throw new IOException("jq --version failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("B10 needs jq: scripts/install-test-deps.sh installs it (" + e + ")");
        }
        Path dir = Files.createTempDirectory("eventweave-b10-");
        try {
            CommandLineRuns runs = new CommandLineRuns(root, logs, root.resolve(AGENT), root.resolve(BENCHMARKS_JAR),
                    root.resolve(DUCKDB_JAR), dir);
            runs.writeCorpus(profile.cliMegabytes);
            runs.run(profile.forks);
            report.b10(runs);
        } finally {
            deleteTree(dir);
        }
    }

    private void b11() throws Exception {
        progress("B11: the NATS shipper catching up on " + profile.shipperEvents + " events, beside the client alone; "
                + "then " + (long) profile.shipperLiveRate + " events/s for " + profile.shipperLiveSeconds + " s live");
        Path dir = Files.createTempDirectory("eventweave-b11-");
        ShipperRuns runs = new ShipperRuns(logs, root.resolve(AGENT), root.resolve(BENCHMARKS_JAR), dir);
        try {
            runs.startServer();
            runs.writeCorpus(profile.shipperEvents);
            runs.run(profile.forks);
            runs.live(profile.shipperLiveRate, profile.shipperLiveSeconds);
            report.b11(runs);
        } finally {
            runs.stopServer();
            deleteTree(dir);
        }
    }

    private void b12() throws Exception {
        progress("B12: scrapes of the metrics endpoint with " + ScrapeRuns.SERIES + " series, beside the Prometheus "
                + "client's own HTTP server");
        ScrapeRuns runs = new ScrapeRuns(logs, root.resolve(AGENT), root.resolve(BENCHMARKS_JAR));
        runs.run(profile.scrapeWarmup, profile.scrapes);
        report.b12(runs);
    }

    /** B9's calls over a socket: they get the network warm-up ({@link RunProfile#jmhNetworkWarmupIterations}). */
    private static final String B9_NETWORK = "okHttpCall|apacheClassicCall|reactorNettyCall";

    /**
     * JMH benchmarks matching {@code include}; {@code network}: calls over sockets and threads, warmed up for
     * {@link RunProfile#jmhNetworkWarmupIterations} instead of {@link RunProfile#jmhIterations}.
     */
    private record JmhGroup(String include, boolean network) {
    }

    /**
     * Each group's JMH benchmarks under each configuration (its JVM flags appended), keyed by configuration then by
     * method. The configurations take turns fork by fork (fork 1 of each, then fork 2 of each, ...), so that a
     * machine that drifts over minutes moves every configuration alike; JMH's logs are
     * {@code <logPrefix>-<configuration>[-network]-<fork>.log}.
     */
    private Map<String, Map<String, JmhFigures.Figure>> jmhPerConfiguration(List<JmhGroup> groups,
            Map<String, List<String>> configurations, String logPrefix) throws Exception {
        Map<String, List<RunResult>> runs = new LinkedHashMap<>();
        for (int fork = 1; fork <= profile.forks; fork++) {
            for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
                List<String> jvmArgs = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
                jvmArgs.addAll(configuration.getValue());
                for (JmhGroup group : groups) {
                    runs.computeIfAbsent(configuration.getKey(), c -> new ArrayList<>()).addAll(
                            JmhFigures.runForks(group.include(), 1, jvmArgs, profile,
                                    group.network() ? profile.jmhNetworkWarmupIterations : profile.jmhIterations, 1,
                                    logs.resolve(logPrefix + "-" + configuration.getKey()
                                            + (group.network() ? "-network" : "") + "-" + fork + ".log")));
                }
            }
        }
        Map<String, Map<String, JmhFigures.Figure>> calls = new LinkedHashMap<>();
        runs.forEach((configuration, results) -> calls.put(configuration, JmhFigures.figures(results)));
        return calls;
    }

    private Map<String, String> policyRun(String... args) throws Exception {
        Path dir = Files.createTempDirectory("eventweave-b8-");
        try {
            Path file = dir.resolve("events.jsonl");
            Map<String, String> result = contender("eventweave", file, "b8").args(args).run(1800);
            long expected = Long.parseLong(result.get("events")) + Long.parseLong(result.get("warmup"));
            result.put("verified", verifyWritten("eventweave", file, expected));
            return result;
        } finally {
            deleteTree(dir);
        }
    }
}
