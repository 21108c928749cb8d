package io.eventweave.benchmarks.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B10: the command line over a corpus of about a gigabyte, side by side with DuckDB and jq on the same files.
 *
 * <p>The corpus is written by two {@code FloodApp} processes at once under the agent (mixed event kinds, rotated at
 * 128 MB, not compressed). Then, in turns (every contender once per round, so that a machine that drifts moves them
 * alike):
 * <ul>
 *   <li>{@code summary --json} in a JVM with a 256 MB heap ({@code -Xmx256m}), and DuckDB computing the same counts
 *       and exact percentiles ({@code DuckDbSummary}: the driver in a child JVM, the files read once into a table,
 *       one query per section), and jq computing the count of each {@code event.name};</li>
 *   <li>{@code query --count} with a filter that matches 1 % of the events, beside a JVM that only reads the same
 *       files ({@code ReadAll}), a JVM that reads them as the command line does and searches them for the filter's
 *       text, nothing else ({@code ScanFloor}: the floor under any query that reads every byte), {@code grep -c}
 *       for the same text and {@code cat}.</li>
 * </ul>
 * The outputs are checked against each other first: the same number of events (ours, DuckDB's, the sum of jq's),
 * of HTTP calls and failed calls (ours, DuckDB's), the busiest target's p99 within 1 % of DuckDB's exact
 * {@code quantile_disc}, and the same number of matches (ours, grep's).
 */
final class CommandLineRuns {
    /** The 1 % filter: one breaker state change per 100 events ({@code FloodApp}). */
    static final String SELECTIVE = "event.name = 'circuit_breaker.state_change'";
    private static final String SELECTIVE_TEXT = "\"circuit_breaker.state_change\"";
    /**
     * The floor under {@code query}: the same files read in 1 MB ranges on two threads and searched for the filter's
     * text, nothing else ({@code ScanFloor}).
     */
    static final String SCAN_FLOOR = "read and search only (JVM)";
    /** Bytes of one FloodApp event, about (measured: 1,015 MB for 2,300,000 events). */
    private static final int EVENT_BYTES = 463;

    private final Path root;
    private final Path logs;
    private final Path agent;
    private final Path benchmarksJar;
    private final Path duckdbJar;
    final Path corpus;

    /** The figures of one contender: wall seconds per run. */
    final Map<String, Samples> seconds = new LinkedHashMap<>();
    long corpusBytes;
    /** The line indexes the agent wrote beside the files ({@code .<name>.idx}). */
    long indexBytes;
    long events;
    long matches;
    /** What the contenders computed, for the report: events, calls, failures, p99 (ours and DuckDB's). */
    final Map<String, String> checks = new LinkedHashMap<>();

    CommandLineRuns(Path root, Path logs, Path agent, Path benchmarksJar, Path duckdbJar, Path corpus) {
        this.root = root;
        this.logs = logs;
        this.agent = agent;
        this.benchmarksJar = benchmarksJar;
        this.duckdbJar = duckdbJar;
        this.corpus = corpus;
    }

    /** Two FloodApp processes writing {@code megabytes} together. */
    void writeCorpus(int megabytes) throws IOException, InterruptedException {
        long perProcess = (long) megabytes * 1_000_000 / EVENT_BYTES / 2;
        List<Process> writers = new ArrayList<>();
        for (String service : List.of("flood-a", "flood-b")) {
            ProcessBuilder b = new ProcessBuilder(java(), "-javaagent:" + agent, "-cp", benchmarksJar.toString(),
                    "io.eventweave.benchmarks.cli.FloodApp", Long.toString(perProcess),
                    Integer.toString(service.hashCode()))
                    .directory(corpus.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b10-corpus.log").toFile()));
            b.environment().putAll(Map.of("EVENTWEAVE_SERVICE_NAME", service, "EVENTWEAVE_OUTPUT_COMPRESS", "none",
                    "EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "128MB", "EVENTWEAVE_OUTPUT_MAX_FILES", "1000",
                    "EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP", "100GB", "EVENTWEAVE_STARTUP_MESSAGE", "false"));
            writers.add(b.start());
        }
        for (Process p : writers) {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("FloodApp failed: see " + logs.resolve("b10-corpus.log"));
            }
        }
        corpusBytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(corpus, "*.jsonl")) {
            for (Path f : files) {
                corpusBytes += Files.size(f);
            }
        }
        indexBytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(corpus, ".*.idx")) {
            for (Path f : files) {
                indexBytes += Files.size(f);
            }
        }
    }

    /** The contenders in turns, {@code rounds} times; the first round's outputs checked against each other. */
    void run(int rounds) throws IOException, InterruptedException {
        for (int round = 0; round < rounds; round++) {
            boolean check = round == 0;
            String summary = time("eventweave summary", List.of(java(), "-Xmx256m", "-jar", agent.toString(),
                    "summary", "--json", "."));
            String duck = time("DuckDB", List.of(java(), "-cp", benchmarksJar + ":" + duckdbJar,
                    "io.eventweave.benchmarks.cli.DuckDbSummary", corpus.toString()));
            String jq = time("jq", List.of("sh", "-c", "cat *.jsonl | jq -c -n "
                    + "'reduce inputs as $e ({}; .[$e.event.name] += 1)'"));
            String query = time("eventweave query", List.of(java(), "-Xmx256m", "-jar", agent.toString(), "query",
                    "--count", SELECTIVE, "."));
            String everyLine = time("eventweave query --no-index", List.of(java(), "-Xmx256m", "-jar",
                    agent.toString(), "query", "--count", "--no-index", SELECTIVE, "."));
            time("read only (JVM)", List.of(java(), "-cp", benchmarksJar.toString(),
                    "io.eventweave.benchmarks.cli.ReadAll", corpus.toString()));
            time(SCAN_FLOOR, List.of(java(), "-cp", benchmarksJar.toString(),
                    "io.eventweave.benchmarks.cli.ScanFloor", corpus.toString(), "2", SELECTIVE_TEXT));
            String grep = time("grep -c", List.of("sh", "-c", "cat *.jsonl | grep -c -F '" + SELECTIVE_TEXT + "'"));
            time("cat", List.of("sh", "-c", "cat *.jsonl > /dev/null"));
            if (check) {
                check(summary, duck, jq, query, grep);
                checks.put("query matches without the index", everyLine.trim());
                if (!everyLine.trim().equals(query.trim())) {
                    throw new IllegalStateException("B10: query with and without the index disagree: " + checks);
                }
            }
        }
    }

    private void check(String summary, String duck, String jq, String query, String grep) throws IOException {
        long[] ours = ours(summary);
        Map<String, String> theirs = result(duck);
        long jqEvents = 0;
        Matcher m = Pattern.compile(":(\\d+)").matcher(jq);
        while (m.find()) {
            jqEvents += Long.parseLong(m.group(1));
        }
        events = ours[0];
        matches = Long.parseLong(query.trim());
        double oursP99 = Double.longBitsToDouble(ours[3]);
        double duckP99 = Double.parseDouble(theirs.get("busiest_p99_ms"));
        checks.put("events (ours, DuckDB, jq)", ours[0] + ", " + theirs.get("events") + ", " + jqEvents);
        checks.put("HTTP calls (ours, DuckDB)", ours[1] + ", " + theirs.get("client"));
        checks.put("failed calls (ours, DuckDB)", ours[2] + ", " + theirs.get("client_failures"));
        checks.put("busiest target's p99 ms (ours, DuckDB's exact)", oursP99 + ", " + duckP99);
        checks.put("query matches (ours, grep)", matches + ", " + grep.trim());
        boolean same = ours[0] == Long.parseLong(theirs.get("events")) && ours[0] == jqEvents
                && ours[1] == Long.parseLong(theirs.get("client"))
                && ours[2] == Long.parseLong(theirs.get("client_failures"))
                && Math.abs(oursP99 - duckP99) <= duckP99 / 100 + 0.001
                && matches == Long.parseLong(grep.trim());
        if (!same) {
            throw new IllegalStateException("B10: the contenders disagree: " + checks);
        }
    }

    /**
     * From {@code summary --json}: events, HTTP calls, failed calls, the busiest target's p99 (double bits). The
     * busiest is the one with the most calls, ties broken as DuckDBSummary's {@code ORDER BY} breaks them (service,
     * address, port, method, path, ascending).
     */
    private static long[] ours(String json) throws IOException {
        long events = 0;
        long calls = 0;
        long failures = 0;
        Target busiest = null;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String section = null;
            Target target = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT && "http_client".equals(section)
                        && p.getParsingContext().getParent().inArray()) {
                    target = new Target();
                    continue;
                }
                // after an END_OBJECT the context is the one around it: the list, for a target's end
                if (t == JsonToken.END_OBJECT && target != null && p.getParsingContext().inArray()) {
                    if (busiest == null || target.compareTo(busiest) < 0) {
                        busiest = target;
                    }
                    target = null;
                    continue;
                }
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                if (p.getParsingContext().getParent().inRoot()) {
                    section = name;
                    if (name.equals("events")) {
                        p.nextToken();
                        events = p.getLongValue();
                    }
                    continue;
                }
                if (target == null) {
                    continue;
                }
                p.nextToken();
                switch (name) {
                    case "count" -> {
                        target.count = p.getLongValue();
                        calls += target.count;
                    }
                    case "failures" -> failures += p.getLongValue();
                    case "p99" -> target.p99 = p.getDoubleValue();
                    case "server.port" -> target.port = p.getLongValue();
                    case "service.name", "server.address", "http.request.method", "url.path" ->
                            target.text.put(name, p.getText());
                    default -> {
                        // another field, or duration_ms, whose p99 the next tokens bring
                    }
                }
            }
        }
        return new long[] {events, calls, failures,
            Double.doubleToLongBits(busiest == null ? Double.NaN : busiest.p99)};
    }

    /** One HTTP target of the summary: its key, calls and p99. */
    private static final class Target implements Comparable<Target> {
        final Map<String, String> text = new LinkedHashMap<>();
        long port;
        long count;
        double p99 = Double.NaN;

        /** The most calls first, then by service, address, port, method and path. */
        @Override
        public int compareTo(Target o) {
            int c = Long.compare(o.count, count);
            for (String field : List.of("service.name", "server.address")) {
                c = c != 0 ? c : text.getOrDefault(field, "").compareTo(o.text.getOrDefault(field, ""));
            }
            c = c != 0 ? c : Long.compare(port, o.port);
            for (String field : List.of("http.request.method", "url.path")) {
                c = c != 0 ? c : text.getOrDefault(field, "").compareTo(o.text.getOrDefault(field, ""));
            }
            return c;
        }
    }

    private static Map<String, String> result(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                for (String pair : line.substring(7).trim().split(" ")) {
                    int eq = pair.indexOf('=');
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    /** Runs {@code command} in the corpus directory, times it from start to exit, returns its stdout. */
    private String time(String contender, List<String> command) throws IOException, InterruptedException {
        Path out = logs.resolve("b10-out.txt");
        ProcessBuilder b = new ProcessBuilder(command).directory(corpus.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b10-" + contender.replace(' ', '-')
                        .replaceAll("[^A-Za-z0-9-]", "") + ".log").toFile()));
        long start = System.nanoTime();
        Process p = b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(contender + " ran over 10 minutes");
        }
        long nanos = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(contender + " exited with " + p.exitValue() + ": " + command);
        }
        seconds.computeIfAbsent(contender, k -> new Samples()).add(nanos / 1e9);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
