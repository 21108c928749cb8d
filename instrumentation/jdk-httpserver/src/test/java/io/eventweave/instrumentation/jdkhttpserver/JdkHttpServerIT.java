package io.eventweave.instrumentation.jdkhttpserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import io.eventweave.testing.apps.RelayServiceApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's {@code com.sun.net.httpserver} under this module's agent: one {@code http.server.request} per request the
 * service handled, equal to what the caller (this test) got, continuing the caller's {@code traceparent}. The agent
 * holds no client module, so the service's own outbound call is left untouched. (The trace across the service to
 * its downstream, with both modules in the shipped jar, is integration-tests' CrossServiceIT.)
 */
class JdkHttpServerIT {
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @TempDir
    Path dir;

    /** A request of the caller, and the status it got (-1: the connection was closed unanswered). */
    private record Exchange(String path, String traceparent, int status) {
    }

    @Test
    void everyRequestIsOneEventEqualToWhatTheCallerGot() throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            List<Exchange> exchanges = new ArrayList<>();
            ChildJvm.Result run = serve(downstream, exchanges, dir, true);
            assertEquals(List.of(200, 503, -1, 204), exchanges.stream().map(Exchange::status).toList());

            List<JsonNode> served = EventFile.single(dir).assertHealthy().named("http.server.request").stream()
                    .sorted(Comparator.comparing(e -> e.path("@timestamp").asText())).toList();
            // /fail is served twice: the caller's HttpClient retries a GET once when the connection closes unanswered
            assertEquals(List.of("/relay/200", "/relay/503", "/fail", "/fail", "/stop"),
                    served.stream().map(e -> e.at("/url/path").asText()).toList(), served.toString());
            for (JsonNode event : served) {
                assertEquals("jdk-httpserver", event.at("/event/provider").asText(), event.toString());
                assertEquals("GET", event.at("/http/request/method").asText(), event.toString());
                assertEquals("127.0.0.1", event.at("/server/address").asText(), event.toString());
                assertEquals(port(dir), event.at("/server/port").asInt(), event.toString());
                assertTrue(event.at("/event/duration").asLong() > 0, event.toString());
            }

            JsonNode traced = served.get(0);
            assertEquals(200, traced.at("/http/response/status_code").asInt());
            assertEquals("success", traced.at("/event/outcome").asText());
            assertEquals(CALLER_TRACE, traced.at("/trace/id").asText(), "the caller's trace continues");
            assertNotEquals(CALLER_SPAN, traced.at("/span/id").asText(), "the service's own span");

            JsonNode untraced = served.get(1);
            assertEquals(503, untraced.at("/http/response/status_code").asInt());
            assertEquals("failure", untraced.at("/event/outcome").asText());
            assertEquals("503", untraced.at("/error/type").asText());
            String rootTrace = untraced.at("/trace/id").asText();
            assertEquals(32, rootTrace.length(), "a request without traceparent starts a trace: " + untraced);
            assertNotEquals(CALLER_TRACE, rootTrace);
            assertNotEquals(rootTrace, served.get(2).at("/trace/id").asText(), "a new trace per request");

            for (JsonNode thrown : served.subList(2, 4)) {
                assertEquals("java.lang.IllegalStateException", thrown.at("/error/type").asText());
                assertEquals("failure", thrown.at("/event/outcome").asText());
                assertTrue(thrown.at("/http/response").isMissingNode(), "no status was sent");
            }
            assertEquals(204, served.get(4).at("/http/response/status_code").asInt());

            List<RecordingHttpServer.Request> received = downstream.requests();
            assertEquals(2, received.size());
            received.forEach(r -> assertNull(r.traceparent, "no client module here: " + r));
            assertTrue(run.stderr.isEmpty(), run.stderr);
        }
    }

    @Test
    void theCallerGetsTheSameAnswersWithAndWithoutTheAgent(@TempDir Path without) throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            List<Exchange> with = new ArrayList<>();
            List<Exchange> plain = new ArrayList<>();
            serve(downstream, with, dir, true);
            serve(downstream, plain, without, false);
            assertEquals(plain, with);
        }
    }

    private static ChildJvm.Result serve(RecordingHttpServer downstream, List<Exchange> exchanges, Path dir,
            boolean agent) throws Exception {
        ChildJvm service = ChildJvm.app(RelayServiceApp.class).args(String.valueOf(downstream.port())).workDir(dir);
        if (!agent) {
            service.withoutAgent();
        }
        Process process = service.start();
        int port = await().atMost(Duration.ofSeconds(20)).until(() -> port(dir), p -> p > 0);
        HttpClient caller = HttpClient.newHttpClient();
        String traceparent = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01";
        exchanges.add(send(caller, port, "/relay/200", traceparent));
        exchanges.add(send(caller, port, "/relay/503", null));
        exchanges.add(send(caller, port, "/fail", null));
        exchanges.add(send(caller, port, "/stop", null));
        return service.waitFor(process).assertSucceeded();
    }

    private static Exchange send(HttpClient caller, int port, String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            return new Exchange(path, traceparent,
                    caller.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException closed) {
            return new Exchange(path, traceparent, -1); // the JDK server closes the connection when a handler throws
        }
    }

    /** The port the service printed ({@code listening <port>}), 0 until it did. */
    private static int port(Path dir) throws IOException {
        Path out = dir.resolve("child.stdout");
        if (!Files.exists(out)) {
            return 0;
        }
        return Files.readAllLines(out).stream().filter(l -> l.startsWith("listening "))
                .map(l -> Integer.parseInt(l.substring("listening ".length()).trim())).findFirst().orElse(0);
    }
}
