package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.apps.RelayServiceApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace across services: this test (the caller) sends a {@code traceparent} to a relay service running under
 * the agent, whose handler calls a downstream server. The relay's server event and its outbound call share the
 * caller's trace id, and the downstream receives it; without an incoming header the relay starts a trace.
 */
class CrossServiceIT {
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @TempDir
    Path dir;

    private static final String PROCESS_TRACE = "22222222222222222222222222222222";

    /**
     * @param processContext whether the relay also has a process-wide trace id: the inbound request's context
     *     must still win on the thread, and a request without {@code traceparent} then joins the process trace
     */
    @ParameterizedTest(name = "process trace id set: {0}")
    @ValueSource(booleans = {false, true})
    void theTraceCrossesTheRelayServiceToTheDownstream(boolean processContext) throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm relay = ChildJvm.app(RelayServiceApp.class).args(String.valueOf(downstream.port())).workDir(dir);
            if (processContext) {
                relay.env("EVENTWEAVE_TRACE_ID", PROCESS_TRACE);
            }
            Process process = relay.start();
            int port = await().atMost(Duration.ofSeconds(20)).until(() -> listeningPort(dir), p -> p > 0);
            HttpClient caller = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;

            HttpResponse<String> traced = caller.send(HttpRequest.newBuilder(URI.create(base + "/relay/200"))
                    .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> untraced = caller.send(HttpRequest.newBuilder(URI.create(base + "/relay/503")).build(),
                    HttpResponse.BodyHandlers.ofString());
            int failed;
            try {
                failed = caller.send(HttpRequest.newBuilder(URI.create(base + "/fail")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException closed) {
                failed = -1; // the JDK server closes the connection when a handler throws
            }
            caller.send(HttpRequest.newBuilder(URI.create(base + "/stop")).build(), HttpResponse.BodyHandlers.discarding());
            relay.waitFor(process).assertSucceeded();
            assertEquals(200, traced.statusCode());
            assertEquals(503, untraced.statusCode());

            EventFile events = EventFile.single(dir).assertHealthy();
            // in the order the requests began: a handler's event is numbered when it returns, which can be after
            // the caller, already answered, sent its next request
            List<JsonNode> served = events.named("http.server.request").stream()
                    .sorted(java.util.Comparator.comparing(e -> e.path("@timestamp").asText())).toList();
            List<JsonNode> called = events.named("http.client.request");
            // /fail is served twice: the caller's HttpClient retries a GET once when the connection closes unanswered
            assertEquals(List.of("/relay/200", "/relay/503", "/fail", "/fail", "/stop"),
                    served.stream().map(e -> e.at("/url/path").asText()).toList(), served.toString());
            assertEquals(2, called.size(), called.toString());
            List<RecordingHttpServer.Request> received = downstream.requests();
            assertEquals(2, received.size());

            // traced: caller -> relay (server event) -> downstream (client event) share the caller's trace
            JsonNode server = served.get(0);
            JsonNode client = called.get(0);
            assertEquals("/relay/200", server.at("/url/path").asText());
            assertEquals("GET", server.at("/http/request/method").asText());
            assertEquals(200, server.at("/http/response/status_code").asInt());
            assertEquals("success", server.at("/event/outcome").asText());
            assertEquals("jdk-httpserver", server.at("/event/provider").asText());
            assertEquals(port, server.at("/server/port").asInt());
            served.forEach(e -> assertEquals("127.0.0.1", e.at("/server/address").asText(), e.toString()));
            assertEquals(CALLER_TRACE, server.at("/trace/id").asText());
            assertNotEquals(CALLER_SPAN, server.at("/span/id").asText(), "the relay's own span");
            assertEquals(CALLER_TRACE, client.at("/trace/id").asText());
            assertEquals("00-" + CALLER_TRACE + "-" + client.at("/span/id").asText() + "-01", received.get(0).traceparent);
            assertTrue(server.at("/event/duration").asLong() >= client.at("/event/duration").asLong(),
                    "the handler's time includes its downstream call");

            // untraced: the relay joins its process trace, or starts a trace; the downstream call carries it
            JsonNode rootServer = served.get(1);
            String rootTrace = rootServer.at("/trace/id").asText();
            assertNotEquals(CALLER_TRACE, rootTrace);
            if (processContext) {
                assertEquals(PROCESS_TRACE, rootTrace);
            } else {
                assertNotEquals(PROCESS_TRACE, rootTrace);
                assertNotEquals(rootTrace, served.get(2).at("/trace/id").asText(), "a new trace per request");
            }
            assertEquals(rootTrace, called.get(1).at("/trace/id").asText());
            assertEquals(rootTrace, received.get(1).traceparent.split("-")[1]);
            assertEquals(503, rootServer.at("/http/response/status_code").asInt());
            assertEquals("failure", rootServer.at("/event/outcome").asText());
            assertEquals("503", rootServer.at("/error/type").asText());

            // a handler that throws: the server closes the connection, the event names the exception
            for (JsonNode thrown : served.subList(2, 4)) {
                assertEquals("java.lang.IllegalStateException", thrown.at("/error/type").asText());
                assertEquals("failure", thrown.at("/event/outcome").asText());
                assertTrue(thrown.at("/http/response").isMissingNode(), "no status was sent");
            }
            assertEquals(-1, failed, "the caller saw the closed connection");
            assertEquals(204, served.get(4).at("/http/response/status_code").asInt());
        }
    }

    private static int listeningPort(Path dir) throws Exception {
        Path out = dir.resolve("child.stdout");
        if (!Files.exists(out)) {
            return 0;
        }
        return Files.readAllLines(out).stream().filter(l -> l.startsWith("listening "))
                .map(l -> Integer.parseInt(l.substring("listening ".length()).trim())).findFirst().orElse(0);
    }
}
