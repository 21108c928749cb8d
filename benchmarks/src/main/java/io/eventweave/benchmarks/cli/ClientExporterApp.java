package io.eventweave.benchmarks.cli;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;

/**
 * B12's anchor: the same series as {@link SeriesApp} under the agent (one histogram series per host, the agent's
 * labels and buckets, classic only, no exemplars), kept and served by the Prometheus Java client alone
 * ({@code prometheus-metrics-exporter-httpserver} 1.10, its own JDK HTTP server). Prints {@code port <n>} and
 * {@code ready}, then waits for a line on standard input. Usage: {@code ClientExporterApp <hosts> <calls>}.
 */
public final class ClientExporterApp {
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5,
        10};

    private ClientExporterApp() {
    }

    public static void main(String[] args) throws IOException {
        int hosts = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram histogram = Histogram.builder().name("eventweave_http_client_request_duration_seconds")
                .help("Duration of outbound HTTP requests (http.client.request events).").unit(Unit.SECONDS)
                .labelNames("service", "provider", "method", "server_address", "status_class", "outcome")
                .classicOnly().classicUpperBounds(BUCKETS).withoutExemplars().register(registry);
        for (int c = 0; c < calls; c++) {
            for (int h = 0; h < hosts; h++) {
                double seconds = 0.005 * Math.pow(10, ((c * 7 + h) % 30) / 10.0);
                histogram.labelValues("series", "series", "GET", "svc-" + h + ".internal", "2xx", "success")
                        .observe(seconds);
            }
        }
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
            System.out.println("port " + server.getPort());
            HoldApp.main(args);
        }
    }
}
