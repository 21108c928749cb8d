package io.eventweave.benchmarks.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * B11: the NATS JetStream shipper against a real {@code nats-server -js} (Debian's 2.9.10) on loopback, every process on
 * this machine's two cores.
 * <ul>
 *   <li><b>Catch-up rate.</b> {@code FloodApp} writes a corpus under the agent (no NATS); then {@code HoldApp} runs
 *       under the agent on that same output with {@code eventweave.nats.url}, so its shipper ships the whole spool
 *       while nothing else runs. Lines/s from the stream's first message to its last (the stream's count polled every
 *       20 ms). Beside it {@code NatsPublishAnchor}: the same lines from memory with the client alone, in the
 *       shipper's protocol ({@code batch}) and a {@code publishAsync} per line ({@code async}).</li>
 *   <li><b>Lag at a steady rate.</b> {@code FloodApp} paced at {@link RunProfile#shipperLiveRate} events/s with the
 *       shipper on and {@code agent.stats} every second: the largest {@code agent.nats.lag} and
 *       {@code agent.nats.pending} the run reached.</li>
 * </ul>
 */
final class ShipperRuns {
    private static final String STREAM = "BENCH";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path logs;
    private final Path agent;
    private final Path benchmarksJar;
    private final Path dir;
    private Process server;
    private String url;

    /** Lines/s by contender. */
    final Map<String, Samples> rates = new LinkedHashMap<>();
    /** The server's CPU time per message stored, by contender (microseconds). */
    final Map<String, Samples> serverMicros = new LinkedHashMap<>();
    long lines;
    long corpusBytes;
    double liveRate;
    int liveSeconds;
    long liveEvents;
    double maxLagSeconds;
    long maxPending;
    long liveShipped;
    long liveUnshipped;
    /** The stream held every line once, checked after each shipper round: the count and the last line's id. */
    final List<String> checks = new ArrayList<>();

    ShipperRuns(Path logs, Path agent, Path benchmarksJar, Path dir) {
        this.logs = logs;
        this.agent = agent;
        this.benchmarksJar = benchmarksJar;
        this.dir = dir;
    }

    void startServer() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = logs.resolve("b11-nats-server.log");
        Files.deleteIfExists(log);
        server = new ProcessBuilder(nats(), "-js", "-sd", dir.resolve("store").toString(), "-a", "127.0.0.1",
                "-p", String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("Server is ready")) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nats-server did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        url = "nats://127.0.0.1:" + port;
    }

    private static String nats() {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("B11 needs nats-server: scripts/install-test-deps.sh installs it");
    }

    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code events} FloodApp events into {@code dir/spool}, rotated at 64 MB, not compressed. */
    void writeCorpus(long events) throws IOException, InterruptedException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        ProcessBuilder b = new ProcessBuilder(java(), "-javaagent:" + agent, "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.FloodApp", Long.toString(events), "11")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b11-corpus.log").toFile()));
        b.environment().putAll(Map.of("EVENTWEAVE_SERVICE_NAME", "flood", "EVENTWEAVE_OUTPUT_PATH",
                spool.resolve("events.jsonl").toString(), "EVENTWEAVE_OUTPUT_COMPRESS", "none",
                "EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64MB", "EVENTWEAVE_OUTPUT_MAX_FILES", "1000",
                "EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP", "100GB", "EVENTWEAVE_STARTUP_MESSAGE", "false"));
        Process p = b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("FloodApp failed: see " + logs.resolve("b11-corpus.log"));
        }
        lines = 0;
        corpusBytes = 0;
        for (Path file : corpusFiles()) {
            corpusBytes += Files.size(file);
            try (BufferedReader in = Files.newBufferedReader(file)) {
                while (in.readLine() != null) {
                    lines++;
                }
            }
        }
    }

    private List<Path> corpusFiles() throws IOException {
        return io.eventweave.format.OutputFiles.inOrder(dir.resolve("spool/events.jsonl"));
    }

    private int rounds;

    int forks() {
        return rounds;
    }

    /** The contenders in turns, {@code rounds} times. */
    void run(int rounds) throws Exception {
        this.rounds = rounds;
        for (int round = 0; round < rounds; round++) {
            long cpu = serverCpuNanos();
            rates.computeIfAbsent("eventweave shipper", k -> new Samples()).add(shipper(round));
            cpu = serverCpu("eventweave shipper", cpu);
            rates.computeIfAbsent("client alone, the shipper's protocol", k -> new Samples()).add(anchor("batch"));
            cpu = serverCpu("client alone, the shipper's protocol", cpu);
            rates.computeIfAbsent("client alone, publishAsync per line", k -> new Samples()).add(anchor("async"));
            serverCpu("client alone, publishAsync per line", cpu);
        }
    }

    /** The server's CPU time since {@code before}, per line of the corpus, for {@code contender}; returns now's. */
    private long serverCpu(String contender, long before) {
        long now = serverCpuNanos();
        serverMicros.computeIfAbsent(contender, k -> new Samples()).add((now - before) / 1e3 / lines);
        return now;
    }

    private long serverCpuNanos() {
        return server.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private double shipper(int round) throws Exception {
        freshStream();
        Files.deleteIfExists(dir.resolve("spool/events.nats-offset"));
        ProcessBuilder b = new ProcessBuilder(java(), "-javaagent:" + agent, "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.HoldApp")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b11-shipper.log").toFile()));
        b.environment().putAll(Map.of("EVENTWEAVE_SERVICE_NAME", "flood", "EVENTWEAVE_OUTPUT_PATH",
                dir.resolve("spool/events.jsonl").toString(), "EVENTWEAVE_NATS_URL", url,
                "EVENTWEAVE_NATS_STREAM", STREAM, "EVENTWEAVE_NATS_SUBJECT_PREFIX", "bench",
                "EVENTWEAVE_OUTPUT_COMPRESS", "none", "EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64MB",
                "EVENTWEAVE_OUTPUT_MAX_FILES", "1000", "EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP", "100GB",
                "EVENTWEAVE_STARTUP_MESSAGE", "false"));
        Process hold = b.start();
        long first = 0;
        long firstCount = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long count;
        try (Connection connection = Nats.connect(url)) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            while (true) {
                count = messages(jsm);
                long now = System.nanoTime();
                if (count > 0 && first == 0) {
                    first = now;
                    firstCount = count;
                }
                if (count >= lines) {
                    break;
                }
                if (now > deadline || !hold.isAlive()) {
                    throw new IllegalStateException("B11: the shipper shipped " + count + " of " + lines
                            + " lines; see " + logs.resolve("b11-shipper.log"));
                }
                Thread.sleep(20);
            }
            long end = System.nanoTime();
            try (OutputStream in = hold.getOutputStream()) {
                in.write('\n');
            }
            hold.waitFor(30, TimeUnit.SECONDS);
            // HoldApp's own lines (agent.start, agent.stop) went to the same output and are shipped at its exit
            long total = linesNow();
            long stored = awaitCount(jsm, total);
            if (round == 0) {
                checks.add(stored + " messages for " + total + " lines in the output (the corpus and HoldApp's "
                        + "own), duplicates dropped: " + (stored == total ? "none stored twice" : "MISMATCH"));
                if (stored != total) {
                    throw new IllegalStateException("B11: the stream holds " + stored + " messages for " + total
                            + " lines");
                }
            }
            return (lines - firstCount) / ((end - first) / 1e9);
        }
    }

    private long linesNow() throws IOException {
        long n = 0;
        for (Path file : corpusFiles()) {
            try (BufferedReader in = Files.newBufferedReader(file)) {
                while (in.readLine() != null) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long awaitCount(JetStreamManagement jsm, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long count = messages(jsm);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = messages(jsm);
        }
        Thread.sleep(200);
        return messages(jsm);
    }

    private static long messages(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(STREAM).getStreamState().getMsgCount();
    }

    private double anchor(String mode) throws Exception {
        freshStream();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx3g", "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.NatsPublishAnchor", url, STREAM, "bench.flood.anchor", mode));
        for (Path file : corpusFiles()) {
            command.add(file.toString());
        }
        Map<String, String> result = new ChildJvmCommand(command, logs.resolve("b11-anchor.log")).run();
        return Double.parseDouble(result.get("lines")) / Double.parseDouble(result.get("seconds"));
    }

    /** The stream deleted and made again (file storage, the agent's defaults): each run starts empty. */
    private void freshStream() throws Exception {
        try (Connection connection = Nats.connect(url)) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            try {
                jsm.deleteStream(STREAM);
            } catch (JetStreamApiException notThere) {
                // first run
            }
            jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects("bench.>")
                    .storageType(StorageType.File).build());
        }
    }

    /** FloodApp paced at {@code rate} events/s for {@code seconds} with the shipper on: the lag it reaches. */
    void live(double rate, int seconds) throws Exception {
        freshStream();
        liveRate = rate;
        liveSeconds = seconds;
        Path out = Files.createDirectories(dir.resolve("live"));
        long events = (long) (rate * seconds);
        ProcessBuilder b = new ProcessBuilder(java(), "-javaagent:" + agent, "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.FloodApp", Long.toString(events), "12", Double.toString(rate))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b11-live.log").toFile()));
        b.environment().putAll(Map.of("EVENTWEAVE_SERVICE_NAME", "flood", "EVENTWEAVE_OUTPUT_PATH",
                out.resolve("events.jsonl").toString(), "EVENTWEAVE_NATS_URL", url, "EVENTWEAVE_NATS_STREAM", STREAM,
                "EVENTWEAVE_NATS_SUBJECT_PREFIX", "bench", "EVENTWEAVE_STATS_INTERVAL", "1s",
                "EVENTWEAVE_OUTPUT_COMPRESS", "none", "EVENTWEAVE_STARTUP_MESSAGE", "false",
                "EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "256MB"));
        Process p = b.start();
        if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("FloodApp (live) failed: see " + logs.resolve("b11-live.log"));
        }
        liveEvents = events;
        for (Path file : io.eventweave.format.OutputFiles.inOrder(out.resolve("events.jsonl"))) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains("\"agent.stats\"") || line.contains("\"agent.stop\"")) {
                        double[] nats = nats(line);
                        maxLagSeconds = Math.max(maxLagSeconds, nats[2]);
                        maxPending = Math.max(maxPending, (long) nats[1]);
                        liveShipped = (long) nats[0];
                        liveUnshipped = (long) nats[3];
                    }
                }
            }
        }
    }

    /** {@code agent.nats}: shipped, pending, lag, unshipped. */
    private static double[] nats(String line) throws IOException {
        double[] values = new double[4];
        try (JsonParser p = JSON.createParser(line)) {
            boolean inNats = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("nats")) {
                    inNats = true;
                } else if (inNats && t == JsonToken.END_OBJECT) {
                    break;
                } else if (inNats && t.isNumeric()) {
                    switch (p.currentName()) {
                        case "shipped" -> values[0] = p.getDoubleValue();
                        case "pending" -> values[1] = p.getDoubleValue();
                        case "lag" -> values[2] = p.getDoubleValue();
                        case "unshipped" -> values[3] = p.getDoubleValue();
                        default -> { }
                    }
                }
            }
        }
        return values;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child JVM whose {@code RESULT k=v ...} line is the result (the report's {@link ChildJvm} with a command). */
    private record ChildJvmCommand(List<String> command, Path log) {
        Map<String, String> run() throws IOException, InterruptedException {
            ChildJvm jvm = new ChildJvm(log);
            jvm.args(command.subList(1, command.size()));
            return jvm.run(600);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                if (Files.isDirectory(e)) {
                    deleteTree(e);
                } else {
                    Files.delete(e);
                }
            }
        }
        Files.delete(root);
    }
}
