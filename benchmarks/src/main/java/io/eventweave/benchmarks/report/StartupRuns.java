package io.eventweave.benchmarks.report;

import io.eventweave.benchmarks.overhead.HeldStartupApp;
import io.eventweave.benchmarks.overhead.HelloApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B6 and B7's runs: one start of the Spring Boot service or of the held trivial app under one contender ({@code none},
 * {@code eventweave}, {@code opentelemetry}), measured by {@link ReadyJvm}; {@code java -version}; the agent's
 * instrumentation modules and their switches. Every run of ours is checked from its file: it ends with an
 * {@code agent.stop} line that accounts for every event, and holds the events the run must have made.
 */
final class StartupRuns {
    static final List<String> CONTENDERS = List.of("none", "eventweave", "opentelemetry");
    static final String SERVICE_JAR = "integration-tests/spring-boot3-app/target/spring-boot3-app-exec.jar";
    /** The request the service answers from its fallback: its breaker's backend is always down. */
    static final String QUOTE = "/quote/ACME";
    static final String QUOTE_BODY = "cached ACME";
    private static final Pattern SERVICE_READY = Pattern.compile("Started QuoteApplication in");
    private static final Pattern MODULE_SWITCH = Pattern.compile(
            "eventweave\\.instrumentation\\.(\\S+)\\.enabled\\s+\\|\\s+(EVENTWEAVE_INSTRUMENTATION_\\S+_ENABLED)");

    private final Path root;
    private final Path logs;
    private final Path agent;
    private final Path otelAgent;
    private final Path dir;
    private int files;

    /** @param dir a temporary directory for our agent's files, deleted by the caller */
    StartupRuns(Path root, Path logs, Path agent, Path otelAgent, Path dir) throws IOException {
        this.root = root;
        this.logs = logs;
        this.agent = agent;
        this.otelAgent = otelAgent;
        this.dir = dir;
        if (!Files.exists(root.resolve(SERVICE_JAR))) {
            throw new IllegalStateException("missing " + root.resolve(SERVICE_JAR) + ": run mvn -B -q -DskipTests "
                    + "package from the repository root (it builds integration-tests/spring-boot3-app)");
        }
    }

    /**
     * One start of the Spring Boot service: the readings at its {@code Started} line, then {@code requests} times
     * {@code GET /quote/ACME} on new connections ({@code firstMs}: the first; {@code nextMs}: the median of the
     * others), then SIGTERM. With our agent, its start-up timing (if {@code env} turns it on) is added to the result,
     * and with {@code countFallbacks} the file must hold one {@code fallback.invoke} per request.
     */
    Map<String, Double> service(String contender, Map<String, String> env, int requests, boolean countFallbacks,
            String log) throws Exception {
        Path events = eventsFile();
        List<String> command = new ArrayList<>(flags(contender));
        command.addAll(List.of("-jar", root.resolve(SERVICE_JAR).toString(), "--server.port=0"));
        ReadyJvm jvm = new ReadyJvm(command, env(contender, env, events), SERVICE_READY, logs.resolve(log));
        Map<String, Double> result = null;
        try {
            Map<String, Double> ready = jvm.awaitReady(600);
            Samples next = new Samples();
            for (int i = 0; i < requests; i++) {
                double ms = jvm.get(QUOTE, QUOTE_BODY) / 1e6;
                if (i == 0) {
                    ready.put("firstMs", ms);
                } else {
                    next.add(ms);
                }
            }
            if (!next.isEmpty()) {
                ready.put("nextMs", next.median());
            }
            result = ready;
        } finally {
            result = finish(jvm, true, contender, events, result);
        }
        if (contender.equals("eventweave") && countFallbacks) {
            long fallbacks = count(events, "\"name\":\"fallback.invoke\"");
            if (fallbacks != requests) {
                throw new IllegalStateException(requests + " requests but " + fallbacks + " fallback.invoke events in "
                        + events + "; see " + logs.resolve(log));
            }
        }
        return result;
    }

    /** One run of {@code HeldStartupApp}: the readings when its work is done, then stdin closed (it exits 0). */
    Map<String, Double> trivial(String contender, Map<String, String> env, String log) throws Exception {
        Path events = eventsFile();
        List<String> command = new ArrayList<>(flags(contender));
        command.addAll(List.of("-cp", root.resolve("benchmarks/target/benchmarks.jar").toString(),
                HeldStartupApp.class.getName()));
        ReadyJvm jvm = new ReadyJvm(command, env(contender, env, events),
                Pattern.compile(Pattern.quote(HeldStartupApp.READY)), logs.resolve(log));
        Map<String, Double> result = null;
        try {
            result = jvm.awaitReady(300);
        } finally {
            result = finish(jvm, false, contender, events, result);
        }
        return result;
    }

    /**
     * Wall milliseconds of {@link HelloApp} under {@code contender}, from a class folder holding that class file
     * alone (copied once into this run's temporary directory).
     */
    double hello(String contender, String log) throws Exception {
        return hello(contender, Map.of(), log);
    }

    /** {@link #hello(String, String)} with our agent's settings {@code env} added. */
    double hello(String contender, Map<String, String> agentEnv, String log) throws Exception {
        Path classes = dir.resolve("hello-classes");
        String resource = HelloApp.class.getName().replace('.', '/') + ".class";
        Path file = classes.resolve(resource);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            try (InputStream in = HelloApp.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, file);
            }
        }
        Path events = eventsFile();
        long nanos = new ChildJvm(logs.resolve(log)).args(flags(contender)).env(env(contender, agentEnv, events))
                .args("-cp", classes.toString(), HelloApp.class.getName()).timeToExit(120);
        if (contender.equals("eventweave")) {
            verifyAgentStop(events);
            if (agentEnv.containsKey("EVENTWEAVE_RULES_FILE") && count(events, "\"rules\"]") != 1) {
                throw new IllegalStateException("the rules of " + agentEnv + " are not on in " + events
                        + " (agent.start's instrumentations end with rules); see " + logs.resolve(log));
            }
        }
        return nanos / 1e6;
    }

    /**
     * Issue 12's start-up row: {@code count} rules (a rate limiter's, a fallback's and an application's own kind in
     * turn, three fields each) for classes the trivial app never loads, written once into this run's temporary
     * directory. The settings that give them to our agent.
     */
    Map<String, String> unmatchedRules(int count) throws IOException {
        Path file = dir.resolve("rules-" + count + ".json");
        if (!Files.exists(file)) {
            StringBuilder json = new StringBuilder("{\"rules\": [\n");
            for (int i = 0; i < count; i++) {
                String fields;
                String event;
                switch (i % 3) {
                    case 0:
                        event = "rate_limiter.acquire";
                        fields = "\"rate_limiter.name\": \"arg0\", \"rate_limiter.wait\": \"return as ms\", "
                                + "\"labels.tier\": \"'a'\"";
                        break;
                    case 1:
                        event = "fallback.invoke";
                        fields = "\"fallback.name\": \"arg0\", \"labels.tier\": \"arg1\", \"error.type\": \"arg2\"";
                        break;
                    default:
                        event = "app.work";
                        fields = "\"work.id\": \"arg0\", \"work.size\": \"return.size\", \"work.cached\": "
                                + "\"return.fromCache\"";
                        break;
                }
                json.append("  {\"type\": \"com.acme.service").append(i).append(".Component").append(i)
                        .append("\", \"method\": \"handle\", \"event\": \"").append(event)
                        .append("\", \"fields\": {").append(fields).append("}}")
                        .append(i + 1 < count ? ",\n" : "\n");
            }
            Files.writeString(file, json.append("]}\n"));
        }
        return Map.of("EVENTWEAVE_RULES_FILE", file.toString());
    }

    /** Wall milliseconds of {@code java -version} under {@code contender}. */
    double version(String contender, String log) throws Exception {
        Path events = eventsFile();
        long nanos = new ChildJvm(logs.resolve(log)).args(flags(contender)).env(env(contender, Map.of(), events))
                .args("-version").timeToExit(120);
        if (contender.equals("eventweave")) {
            verifyAgentStop(events);
        }
        return nanos / 1e6;
    }

    /** Our instrumentation modules and their switches' environment variables, from {@code --help}, in its order. */
    Map<String, String> modules() throws IOException, InterruptedException {
        Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                agent.toString(), "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor();
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher m = MODULE_SWITCH.matcher(text);
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        if (modules.isEmpty()) {
            throw new IllegalStateException("no instrumentation switches in the agent's --help:\n" + text);
        }
        return modules;
    }

    /**
     * Stops {@code jvm} (SIGTERM when {@code terminate} or when the run failed before its readings); for ours, adds
     * the start-up timing of its stderr to the readings and checks the file's {@code agent.stop}. Null readings (a
     * failed run) stay null, and nothing is checked, so that the failure itself is what is reported.
     */
    private Map<String, Double> finish(ReadyJvm jvm, boolean terminate, String contender, Path events,
            Map<String, Double> readings) throws IOException, InterruptedException {
        String stderr = jvm.stop(terminate || readings == null);
        if (readings == null || !contender.equals("eventweave")) {
            return readings;
        }
        readings.putAll(StartupTiming.parse(stderr));
        verifyAgentStop(events);
        return readings;
    }

    private List<String> flags(String contender) {
        switch (contender) {
            case "none":
                return List.of();
            case "eventweave":
                return List.of("-javaagent:" + agent);
            case "opentelemetry":
                return List.of("-javaagent:" + otelAgent, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
                        "-Dotel.logs.exporter=none", "-Dotel.service.name=benchmark");
            default:
                throw new IllegalArgumentException(contender);
        }
    }

    private static Map<String, String> env(String contender, Map<String, String> extra, Path events) {
        Map<String, String> env = new HashMap<>();
        if (contender.equals("eventweave")) {
            env.put("EVENTWEAVE_OUTPUT_PATH", events.toString());
            env.putAll(extra);
        }
        return env;
    }

    private Path eventsFile() {
        return dir.resolve("events-" + files++ + ".jsonl");
    }

    /** The last line is {@code agent.stop}, nothing was dropped and every event emitted was written. */
    private static void verifyAgentStop(Path events) throws IOException {
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        Matcher emitted = Pattern.compile("\"emitted\":(\\d+),\"written\":(\\d+),\"dropped\":(\\d+)").matcher(last);
        if (!last.contains("\"agent.stop\"") || !emitted.find() || !emitted.group(1).equals(emitted.group(2))
                || !emitted.group(3).equals("0")) {
            throw new IllegalStateException("our agent did not account for every event in " + events + ": " + last);
        }
    }

    private static long count(Path file, String text) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).count();
    }
}
