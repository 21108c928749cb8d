package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.demo.DemoApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.SourceTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line ({@code java -jar eventweave-agent.jar <command>}) on what real processes wrote: the demo run twice
 * under the agent into one directory, as two services ({@code checkout-a}; {@code checkout-b} with 64 KB files, so its
 * output rotates and the rotated file is compressed). Each command's answer is compared with what the demos printed
 * they did (Resilience4j's own event publishers: breaker transitions, refused calls, fallbacks, exhausted retries) and
 * with the lines themselves read here with Jackson; then a copy of the files gets a broken line and loses a line, and
 * {@code check} finds both.
 */
class CommandLineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** What one demo printed it did ({@code resilience: key=value} lines). */
    record DemoRecord(String service, long lookups, long calls, long fallbacks, long rejected, List<String> transitions,
            String finalState, long exhausted) {
        long opened() {
            return transitions.stream().filter(t -> t.endsWith("->OPEN")).count();
        }

        static DemoRecord parse(String service, String stdout) {
            Map<String, String> v = new HashMap<>();
            Matcher m = Pattern.compile("(\\w+)=([^ \\n]+)").matcher(stdout.lines()
                    .filter(l -> l.startsWith("resilience: ")).reduce("", (a, b) -> a + " " + b));
            while (m.find()) {
                v.put(m.group(1), m.group(2));
            }
            return new DemoRecord(service, Long.parseLong(v.get("lookups")), Long.parseLong(v.get("calls")),
                    Long.parseLong(v.get("fallbacks")), Long.parseLong(v.get("rejected")),
                    Arrays.asList(v.get("transitions").split(",")), v.get("state").toLowerCase(),
                    Long.parseLong(v.get("exhausted")));
        }
    }

    static final List<DemoRecord> DEMOS = new ArrayList<>();

    @BeforeAll
    static void runTheDemoTwice() throws IOException {
        for (String service : List.of("checkout-a", "checkout-b")) {
            ChildJvm demo = ChildJvm.app(DemoApp.class).workDir(dir).logName(service).env("OTEL_SERVICE_NAME", service)
                    .timeoutSeconds(120);
            try (Stream<Path> jars = Files.list(SourceTree.file("integration-tests/target/demo-libs"))) {
                jars.sorted().forEach(demo::classPath);
            }
            if (service.equals("checkout-b")) {
                // rotated and compressed: by size (the demo writes about 80 KB, fewer lines when the machine is
                // slow) and by age, so that it happens however many lines this run writes
                demo.env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64KB").env("EVENTWEAVE_OUTPUT_ROTATE_INTERVAL", "1s");
            }
            ChildJvm.Result run = demo.run().assertSucceeded();
            DEMOS.add(DemoRecord.parse(service, run.stdout));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("eventweave-\\d+\\.000001\\.jsonl\\.gz")),
                    "checkout-b rotated and compressed its output: " + names);
        }
    }

    /** {@code java -jar eventweave-agent.jar args...} in {@link #dir}, no agent attached. */
    static ChildJvm.Result cli(String... args) {
        return ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli").args(args)
                .timeoutSeconds(60).run();
    }

    /** Every line of every file in {@code folder}, gzip included, parsed here: the oracle for counts. */
    static List<JsonNode> linesIn(Path folder) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("eventweave-")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (f.toString().endsWith(".gz")) {
                    bytes = new GZIPInputStream(Files.newInputStream(f)).readAllBytes();
                }
                for (String l : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    if (!l.isBlank()) {
                        lines.add(JSON.readTree(l));
                    }
                }
            }
        }
        return lines;
    }

    static JsonNode only(JsonNode list, String field, String value) {
        JsonNode found = null;
        for (JsonNode o : list) {
            if (value.equals(o.path(field).asText())) {
                assertTrue(found == null, "one " + field + " = " + value + " in " + list);
                found = o;
            }
        }
        assertTrue(found != null, "no " + field + " = " + value + " in " + list);
        return found;
    }

    @Test
    void summaryAgreesWithWhatEachDemoSaysItDid() throws IOException {
        ChildJvm.Result run = cli("summary", "--json").assertSucceeded();
        JsonNode summary = JSON.readTree(run.stdout);
        for (DemoRecord demo : DEMOS) {
            JsonNode breaker = only(summary.path("circuit_breakers"), "service.name", demo.service());
            assertEquals("pricing", breaker.path("circuit_breaker.name").asText());
            assertEquals(demo.transitions().size(), breaker.path("transitions").asLong(), demo.toString());
            assertEquals(demo.opened(), breaker.path("opened").asLong(), demo.toString());
            assertEquals(demo.rejected(), breaker.path("rejected").asLong(), demo.toString());
            assertEquals(demo.finalState(), breaker.path("circuit_breaker.state").asText(), demo.toString());
            JsonNode fallback = only(summary.path("fallbacks"), "service.name", demo.service());
            assertEquals(demo.fallbacks(), fallback.path("count").asLong(), demo.toString());
            JsonNode retry = only(summary.path("retries"), "service.name", demo.service());
            assertEquals(demo.exhausted(), retry.path("exhausted").asLong(), demo.toString());
            JsonNode limiter = only(summary.path("rate_limiters"), "service.name", demo.service());
            assertEquals(demo.lookups(), limiter.path("acquired").asLong() + limiter.path("waited").asLong(),
                    "one permit per look-up: " + limiter);
            long pricingCalls = 0;
            for (JsonNode target : summary.path("http_client")) {
                if (target.path("service.name").asText().equals(demo.service())
                        && target.path("url.path").asText().startsWith("/pricing/")) {
                    pricingCalls += target.path("count").asLong();
                }
            }
            assertEquals(demo.calls(), pricingCalls, "every call that reached the pricing endpoint");
            JsonNode process = only(summary.path("processes"), "service.name", demo.service());
            assertEquals(0, process.path("dropped").asLong());
            assertEquals(0, process.path("gaps").asLong());
            assertTrue(process.path("stopped").asBoolean());
        }
    }

    @Test
    void queryCountsWhatTheFilesHold() throws IOException {
        List<JsonNode> lines = linesIn(dir);
        record Case(String where, long expected) {
        }
        List<Case> cases = List.of(
                new Case("EXISTS event.sequence", lines.size()),
                new Case("event.name = 'http.client.request' AND event.outcome = 'failure'", lines.stream()
                        .filter(l -> l.at("/event/name").asText().equals("http.client.request")
                                && l.at("/event/outcome").asText().equals("failure")).count()),
                new Case("event.name LIKE 'circuit_breaker.*'", lines.stream()
                        .filter(l -> l.at("/event/name").asText().startsWith("circuit_breaker.")).count()),
                new Case("event.duration > 250ms", lines.stream()
                        .filter(l -> l.at("/event/duration").asLong(-1) > 250_000_000L).count()),
                new Case("service.name IN ('checkout-b') AND http.response.status_code >= 500", lines.stream()
                        .filter(l -> l.at("/service/name").asText().equals("checkout-b")
                                && l.at("/http/response/status_code").asInt(0) >= 500).count()));
        for (Case c : cases) {
            ChildJvm.Result run = cli("query", c.where(), "--count").assertSucceeded();
            assertEquals(c.expected(), Long.parseLong(run.stdout.trim()), c.where());
            ChildJvm.Result everyLine = cli("query", c.where(), "--count", "--no-index").assertSucceeded();
            assertEquals(c.expected(), Long.parseLong(everyLine.stdout.trim()), c.where() + " --no-index");
        }
        // the active files were read through the line index the agent kept beside them (the compressed ones keep
        // none): the same lines in the same order as reading every line
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".idx")), "an index beside a file");
        }
        for (String where : List.of("event.name LIKE 'circuit_breaker.*'", "event.name = 'fallback.invoke'")) {
            assertEquals(cli("query", where, "--no-index").assertSucceeded().stdout,
                    cli("query", where).assertSucceeded().stdout, where);
        }
        ChildJvm.Result csv = cli("query", "event.name = 'circuit_breaker.state_change' AND service.name = "
                + "'checkout-a'", "--format", "csv", "--fields", "circuit_breaker.previous_state,circuit_breaker.state")
                .assertSucceeded();
        List<String> expected = new ArrayList<>(List.of("circuit_breaker.previous_state,circuit_breaker.state"));
        for (String t : DEMOS.get(0).transitions()) {
            String[] fromTo = t.toLowerCase().split("->");
            expected.add(fromTo[0] + "," + fromTo[1]);
        }
        assertEquals(expected, csv.stdout.lines().toList(), "the breaker's transitions in order");
    }

    @Test
    void timelineAndStateFollowTheBreaker() throws IOException {
        JsonNode timeline = JSON.readTree(cli("timeline", "--json").assertSucceeded().stdout);
        for (DemoRecord demo : DEMOS) {
            JsonNode breaker = only(timeline.path("circuit_breakers"), "service.name", demo.service());
            JsonNode intervals = breaker.path("intervals");
            assertEquals(demo.transitions().size() + 1, intervals.size(), "one interval per state: " + intervals);
            assertEquals("closed", intervals.get(0).path("circuit_breaker.state").asText());
            JsonNode firstOpen = intervals.get(1);
            assertEquals("open", firstOpen.path("circuit_breaker.state").asText());
            String middle = firstOpen.path("from").asText();
            JsonNode state = JSON.readTree(cli("state", "--at", middle, "--json", "--where",
                    "service.name = '" + demo.service() + "'").assertSucceeded().stdout);
            JsonNode at = state.path("circuit_breakers").get(0);
            assertEquals("open", at.path("circuit_breaker.state").asText(), state.toString());
            assertEquals("closed", at.path("event").at("/circuit_breaker/previous_state").asText());
        }
    }

    @Test
    void objectivesSetTheExitStatus() {
        DemoRecord a = DEMOS.get(0);
        String scope = "service.name = 'checkout-a'";
        assertEquals(0, cli("summary", "--where", scope, "--slo", "fallbacks == " + a.fallbacks(), "--slo",
                "dropped == 0", "--slo", "gaps == 0").exitCode);
        ChildJvm.Result missed = cli("summary", "--where", scope, "--slo", "fallbacks == 0", "--slo", "p99 < 10s");
        assertEquals(1, missed.exitCode, missed.stdout);
        assertTrue(missed.stdout.contains("FAIL  fallbacks == 0   (" + a.fallbacks() + ")"), missed.stdout);
        assertTrue(missed.stdout.contains("PASS  p99 < 10s"), missed.stdout);
        ChildJvm.Result usage = cli("summary", "--slo", "p99 < soon");
        assertEquals(2, usage.exitCode);
        assertEquals(1, usage.stderr.strip().lines().count(), "one line: " + usage.stderr);
    }

    /**
     * On a terminal (a pseudo-terminal from util-linux's {@code script}), a read shows its progress on stderr (bytes
     * read of the total, the rate) and erases it when done; piped, it shows none. The first line's wait is set to 0
     * here ({@code EVENTWEAVE_CLI_PROGRESS_AFTER}): the demo's files are read in milliseconds.
     */
    @Test
    void onATerminalAReadShowsItsProgress() throws Exception {
        String command = Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + ChildJvm.agentJar()
                + " summary";
        ProcessBuilder pty = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pty.environment().put("EVENTWEAVE_CLI_PROGRESS_AFTER", "0ms");
        pty.environment().put("TERM", "xterm");
        Process p = pty.start();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), screen);
        Matcher progress = Pattern.compile("reading [0-9.]+ [KM]?B of [0-9.]+ [KM]?B, [0-9.]+ [KMG]?B/s")
                .matcher(screen);
        assertTrue(progress.find(), "a progress line in\n" + screen);
        assertTrue(screen.indexOf("\r\u001b[2K", progress.end()) > 0, "erased when the read ended:\n" + screen);
        assertTrue(screen.contains("HTTP calls made"), screen);
        ChildJvm.Result piped = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli")
                .env("EVENTWEAVE_CLI_PROGRESS_AFTER", "0ms").args("summary").timeoutSeconds(60).run()
                .assertSucceeded();
        assertTrue(!piped.stderr.contains("reading "), "no progress when piped: " + piped.stderr);
    }

    /**
     * A large input is read in a second JVM tuned for a batch (BatchJvm; the bound set to 0 bytes here): the same
     * output as in one JVM, the exit status of its objectives passed on, one line saying so when asked for.
     */
    @Test
    void aLargeInputIsReadInASecondJvmWithTheSameResult() {
        ChildJvm.Result here = cli("summary", "--json");
        ChildJvm.Result batch = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli-batch")
                .env("EVENTWEAVE_CLI_BATCH_ABOVE", "0").env("EVENTWEAVE_CLI_DEBUG", "true")
                .args("summary", "--json").timeoutSeconds(60).run().assertSucceeded();
        assertTrue(batch.stderr.contains("in a second JVM: -XX:TieredStopAtLevel=1 -XX:+UseParallelGC"),
                batch.stderr);
        assertEquals(here.stdout, batch.stdout);
        ChildJvm.Result missed = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli-batch")
                .env("EVENTWEAVE_CLI_BATCH_ABOVE", "0").args("summary", "--slo", "fallbacks == 0")
                .timeoutSeconds(60).run();
        assertEquals(1, missed.exitCode, missed.stdout);
        ChildJvm.Result query = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli-batch")
                .env("EVENTWEAVE_CLI_BATCH_ABOVE", "0").env("EVENTWEAVE_CLI_DEBUG", "true")
                .args("query", "event.duration > 0ms", "--count").timeoutSeconds(60).run().assertSucceeded();
        assertTrue(query.stderr.contains("in a second JVM"), query.stderr);
        assertEquals(cli("query", "event.duration > 0ms", "--count").stdout, query.stdout);
    }

    /**
     * The HTML report rendered in headless Chromium (Debian's package, which scripts/install-test-deps.sh installs):
     * no console message, every chart drawn (the page's own script counts the charts whose SVG has a box), one band
     * per breaker state interval; the screenshot stays in target/ as the test's artifact.
     */
    @Test
    void theReportRendersInChromiumWithEveryChartDrawn() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertTrue(Files.isExecutable(chromium), "chromium is needed to render the report: run "
                + "scripts/install-test-deps.sh (the README's test command does)");
        ChildJvm.Result wrote = cli("report", "-o", "report.html", "--title", "demo").assertSucceeded();
        assertTrue(wrote.stdout.contains("wrote "), wrote.stdout);
        Path page = dir.resolve("report.html");
        String html = Files.readString(page);
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("src="),
                "self-contained: nothing to fetch");
        Path profile = Files.createTempDirectory(dir, "chromium-");
        Path screenshot = SourceTree.file("integration-tests/target").resolve("report.png");
        List<String> flags = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1000,2400");
        List<String> dump = new ArrayList<>(flags);
        dump.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process render = new ProcessBuilder(dump).redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(render.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "chromium ended");
        List<String> console = Files.readAllLines(dir.resolve("chromium.log")).stream()
                .filter(l -> l.contains("CONSOLE")).toList();
        assertEquals(List.of(), console, "no console message from the page");
        long charts = Pattern.compile("<svg class=\"chart ").matcher(dom).results().count();
        assertTrue(charts >= 3, "a band chart, and latency over time and a histogram per target: " + charts);
        assertTrue(dom.contains("data-charts-drawn=\"" + charts + "\""), "every chart drawn: "
                + dom.substring(0, Math.min(400, dom.length())));
        long bands = Pattern.compile("<rect class=\"band ").matcher(dom).results().count();
        long intervals = DEMOS.stream().mapToLong(d -> d.transitions().size() + 1).sum();
        assertEquals(intervals, bands, "one band per state interval of each demo's breaker");
        List<String> shoot = new ArrayList<>(flags);
        shoot.addAll(List.of("--screenshot=" + screenshot, page.toUri().toString()));
        Process shot = new ProcessBuilder(shoot).redirectErrorStream(true)
                .redirectOutput(dir.resolve("screenshot.log").toFile()).start();
        assertTrue(shot.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "chromium ended");
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);
    }

    /** The SQL of docs/cli.md, over the files in {@link #dir}. */
    static final String DUCKDB_PER_NAME = "SELECT event.name AS name, count(*) AS n, "
            + "round(quantile_cont(event.duration, 0.99) / 1e6, 1) AS p99_ms "
            + "FROM read_json_auto('eventweave-*.jsonl*', union_by_name = true) GROUP BY ALL ORDER BY n DESC";

    @Test
    void duckDbReadsTheSameFilesAndTheExportTheSameRows() throws Exception {
        Map<String, Long> perName = new HashMap<>();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement sql = db.createStatement()) {
            sql.execute("SET file_search_path = '" + dir + "'");
            try (java.sql.ResultSet rows = sql.executeQuery(DUCKDB_PER_NAME)) {
                while (rows.next()) {
                    perName.put(rows.getString("name"), rows.getLong("n"));
                }
            }
            for (Map.Entry<String, Long> name : perName.entrySet()) {
                ChildJvm.Result ours = cli("query", "event.name = '" + name.getKey() + "'", "--count");
                assertEquals(name.getValue(), Long.parseLong(ours.assertSucceeded().stdout.trim()), name.getKey());
            }
            assertTrue(perName.containsKey("circuit_breaker.state_change"), perName.toString());
            Path parquet = dir.resolve("events.parquet");
            sql.execute("COPY (SELECT * FROM read_json_auto('eventweave-*.jsonl*', union_by_name = true)) TO '"
                    + parquet + "' (FORMAT PARQUET)");
            Files.writeString(dir.resolve("calls.csv"), cli("export", "--where",
                    "event.name = 'http.client.request'").assertSucceeded().stdout);
            try (java.sql.ResultSet rows = sql.executeQuery("SELECT (SELECT count(*) FROM '" + parquet + "'), "
                    + "(SELECT count(*) FROM read_csv_auto('" + dir.resolve("calls.csv") + "')), "
                    + "(SELECT count(DISTINCT \"url.path\") FROM read_csv_auto('" + dir.resolve("calls.csv") + "'))")) {
                rows.next();
                assertEquals(linesIn(dir).size(), rows.getLong(1), "every line a Parquet row");
                assertEquals(perName.get("http.client.request"), rows.getLong(2), "every call an exported row");
                assertTrue(rows.getLong(3) > 1, "url.path is a column of its own");
            }
        }
    }

    @Test
    void checkPassesTheFilesAsWrittenAndFindsABrokenLineAndALostOne() throws IOException {
        ChildJvm.Result clean = cli("check");
        assertEquals(0, clean.exitCode, clean.stdout + clean.stderr);
        assertTrue(clean.stdout.contains("no finding: 2 processes"), clean.stdout);
        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        Path active;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(p -> p.getFileName().toString().startsWith("eventweave-")).toList();
            for (Path f : all) {
                Files.copy(f, damaged.resolve(f.getFileName()));
            }
            active = damaged.resolve(all.stream().filter(p -> p.toString().matches(".*eventweave-\\d+\\.jsonl"))
                    .findFirst().orElseThrow().getFileName());
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(active));
        String lost = lines.remove(5);
        lines.add(3, "{\"@timestamp\":\"2026-12-05T10:00:00Z\",\"event\":{\"na");
        Files.write(active, lines);
        ChildJvm.Result found = cli("check", "damaged");
        assertEquals(1, found.exitCode, found.stdout);
        long sequence = JSON.readTree(lost).at("/event/sequence").asLong();
        assertTrue(found.stdout.contains("missing from the files read (event.sequence " + sequence + ")"),
                found.stdout);
        assertTrue(found.stdout.contains("1 broken line") && found.stdout.contains(active.getFileName() + ":4:"),
                found.stdout);
        ChildJvm.Result summary = cli("summary", "damaged");
        assertEquals(0, summary.exitCode);
        assertTrue(summary.stderr.contains("1 broken line skipped"), "never silent, never fatal: " + summary.stderr);
    }
}
