package io.eventweave.benchmarks.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * B12: one scrape of the agent's metrics endpoint holding {@value #SERIES} series of
 * {@code eventweave_http_client_request_duration_seconds} ({@code SeriesApp} under the agent: one series per host),
 * beside the Prometheus Java client's own HTTP server holding the same series ({@code ClientExporterApp}). Each is
 * scraped as Prometheus scrapes (OpenMetrics asked for first, gzip accepted) and in the plain text format, the two
 * servers in alternation, after a warm-up; the time of one scrape from the request to the last byte, median and 90th
 * percentile.
 */
final class ScrapeRuns {
    static final int SERIES = 1_000;
    /** Prometheus 2.x's scrape {@code Accept} header. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final Path logs;
    private final Path agent;
    private final Path benchmarksJar;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Milliseconds per scrape, by contender and format. */
    final Map<String, Samples> millis = new LinkedHashMap<>();
    final Map<String, Long> bytes = new LinkedHashMap<>();
    final Map<String, Long> seriesSeen = new LinkedHashMap<>();

    ScrapeRuns(Path logs, Path agent, Path benchmarksJar) {
        this.logs = logs;
        this.agent = agent;
        this.benchmarksJar = benchmarksJar;
    }

    void run(int warmup, int scrapes) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder ours = new ProcessBuilder(java(), "-javaagent:" + agent, "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.SeriesApp", String.valueOf(SERIES), "20")
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b12.log").toFile()));
        ours.environment().putAll(Map.of("EVENTWEAVE_METRICS_PORT", String.valueOf(port),
                "EVENTWEAVE_METRICS_MAX_SERIES", "2000", "EVENTWEAVE_SERVICE_NAME", "series",
                "EVENTWEAVE_OUTPUT_PATH", logs.resolve("b12-events.jsonl").toString(),
                "EVENTWEAVE_STARTUP_MESSAGE", "false"));
        ProcessBuilder theirs = new ProcessBuilder(java(), "-cp", benchmarksJar.toString(),
                "io.eventweave.benchmarks.cli.ClientExporterApp", String.valueOf(SERIES), "20")
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("b12.log").toFile()));
        Process agentApp = ours.start();
        Process clientApp = theirs.start();
        try {
            awaitLine(agentApp, "ready");
            int clientPort = Integer.parseInt(awaitLine(clientApp, "port ").substring("port ".length()).trim());
            awaitLine(clientApp, "ready");
            Map<String, URI> targets = new LinkedHashMap<>();
            targets.put("eventweave endpoint", URI.create("http://127.0.0.1:" + port + "/metrics"));
            targets.put("Prometheus client HTTPServer", URI.create("http://127.0.0.1:" + clientPort + "/metrics"));
            for (int i = 0; i < warmup; i++) {
                for (Map.Entry<String, URI> t : targets.entrySet()) {
                    scrape(t.getValue(), PROMETHEUS_ACCEPT, true);
                    scrape(t.getValue(), null, false);
                }
            }
            for (int i = 0; i < scrapes; i++) {
                for (Map.Entry<String, URI> t : targets.entrySet()) {
                    time(t.getKey() + ", as Prometheus asks (OpenMetrics, gzip)", t.getValue(), PROMETHEUS_ACCEPT,
                            true);
                    time(t.getKey() + ", text format", t.getValue(), null, false);
                }
            }
        } finally {
            for (Process p : List.of(agentApp, clientApp)) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write('\n');
                } catch (IOException ignored) {
                    // gone
                }
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private void time(String name, URI uri, String accept, boolean gzip) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = scrape(uri, accept, gzip);
        double ms = (System.nanoTime() - start) / 1e6;
        millis.computeIfAbsent(name, k -> new Samples()).add(ms);
        bytes.put(name, (long) response.body().length);
        if (!gzip && !seriesSeen.containsKey(name)) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            long series = text.lines().filter(l -> l.startsWith("eventweave_http_client_request_duration_seconds_count{"))
                    .count();
            seriesSeen.put(name, series);
            if (series != SERIES) {
                throw new IllegalStateException("B12: " + name + " has " + series + " series, not " + SERIES);
            }
        }
    }

    private HttpResponse<byte[]> scrape(URI uri, String accept, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("B12: " + uri + " answered " + response.statusCode());
        }
        return response;
    }

    private String awaitLine(Process process, String prefix) throws IOException {
        BufferedReader out = readers.computeIfAbsent(process,
                p -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("B12: the app ended before printing '" + prefix + "'; see "
                + logs.resolve("b12.log"));
    }

    private final Map<Process, BufferedReader> readers = new LinkedHashMap<>();

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
