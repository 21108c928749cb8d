package io.eventweave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code scripts/install-test-deps.sh} installs)
 * on a free loopback port with a temporary store, scraping the given targets every second; stopped by
 * {@link #close()}. Its own HTTP API is the oracle: {@link #value} runs an instant query. Absent binary: the test
 * fails and says how to install it (never skips).
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}) at {@code /metrics} every second as job
     * {@code eventweave}, and waits until it is ready.
     */
    public static PrometheusServer start(Path dir, List<String> targets) throws IOException, InterruptedException {
        Path binary = binary();
        Files.createDirectories(dir);
        int port = FreePort.find();
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n")
                .append("scrape_configs:\n  - job_name: eventweave\n    metrics_path: /metrics\n")
                .append("    static_configs:\n      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            config.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
        }
        config.append("]\n");
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, config.toString());
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + yml,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("prometheus.log"));
                server.close();
                throw new AssertionError("Prometheus did not become ready on 127.0.0.1:" + port + ":\n" + log);
            }
            Thread.sleep(100);
        }
        return server;
    }

    private static Path binary() {
        for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("prometheus is not installed: run scripts/install-test-deps.sh (Debian's "
                + "prometheus package), as the README's test command does");
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code data.result} of an instant query through {@code /api/v1/query}. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + response.body());
        }
        return body.path("data").path("result");
    }

    /** The one value an instant query returns, or NaN when it returns nothing; several series fail the test. */
    public double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError(promql + " returned " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The scrape targets as Prometheus reports them ({@code /api/v1/targets}). */
    public JsonNode targets() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("data").path("activeTargets");
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("prometheus.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
