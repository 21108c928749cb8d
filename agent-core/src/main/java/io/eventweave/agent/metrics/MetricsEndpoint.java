package io.eventweave.agent.metrics;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.eventweave.runtime.http.HttpProviders;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: the {@link EventMetrics} in the Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} header asks for it (Prometheus's own scraper does), gzip when it accepts that. Served by the JDK's
 * HTTP server on one daemon thread of its own; the context carries {@link HttpProviders#AGENT_ENDPOINT}, so the
 * agent's own server instrumentation records no event for a scrape.
 *
 * <p>A handler of our own rather than the client's {@code prometheus-metrics-exporter-httpserver}: that module brings
 * the protobuf format (a shaded protobuf runtime, about 1.7 MB) and the client's own configuration; the text formats
 * are all Prometheus and OpenMetrics scrapers need.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Paths served: {@code /metrics}; {@code /} answers with a pointer to it. */
    static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final EventMetrics metrics;
    private final ExpositionFormats formats = ExpositionFormats.init();

    private MetricsEndpoint(HttpServer server, ExecutorService executor, EventMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
    }

    /**
     * Binds {@code host:port} and starts serving, or prints one line on {@code err} and returns null (port in use, bad
     * address): the agent and the application go on without it. Call it on a daemon thread: the server's dispatcher
     * thread takes the daemon status of the thread that starts it, and must never keep the JVM alive.
     */
    public static MetricsEndpoint start(String host, int port, String serviceName, int maxSeries, PrintStream err) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException | RuntimeException e) {
            err.println("eventweave: the metrics endpoint cannot listen on " + host + ":" + port + " (" + e
                    + "); the agent goes on without it");
            return null;
        }
        EventMetrics metrics = new EventMetrics(serviceName, maxSeries);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "eventweave-metrics");
            thread.setDaemon(true);
            return thread;
        });
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, metrics);
        HttpContext context = server.createContext("/", endpoint.new Handler());
        context.getAttributes().put(HttpProviders.AGENT_ENDPOINT, Boolean.TRUE);
        server.setExecutor(executor);
        server.start();
        return endpoint;
    }

    /** The address it listens on (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The drainer's handler that keeps this endpoint's metrics. */
    public MetricsHandler handler() {
        return new MetricsHandler(metrics, this);
    }

    EventMetrics metrics() {
        return metrics;
    }

    /** One scrape as the scraper with this {@code Accept} header gets it, unzipped. */
    byte[] scrape(String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer(accept).write(out, metrics.registry().scrape(), EscapingScheme.fromAcceptHeader(accept));
        return out.toByteArray();
    }

    private ExpositionFormatWriter writer(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        // the protobuf writer is found for its Accept header but is not in the text-only module: text instead
        return writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (!PATH.equals(path)) {
                    byte[] body = ("eventweave: the metrics are at " + PATH + "\n").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                ExpositionFormatWriter writer = writer(accept);
                MetricSnapshots snapshots = metrics.registry().scrape();
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
                String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
                boolean gzip = encoding != null && encoding.contains("gzip");
                try (OutputStream body = gzip ? new GZIPOutputStream(buffer) : buffer) {
                    writer.write(body, snapshots, EscapingScheme.fromAcceptHeader(accept));
                }
                exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
                if (gzip) {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                }
                if ("HEAD".equals(method)) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, buffer.size());
                buffer.writeTo(exchange.getResponseBody());
            }
        }
    }
}
