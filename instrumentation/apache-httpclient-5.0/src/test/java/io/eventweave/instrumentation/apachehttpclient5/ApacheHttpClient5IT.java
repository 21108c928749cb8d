package io.eventweave.instrumentation.apachehttpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache HttpClient ({@link ApacheHttpClient5App}: every {@code execute} overload the app calls) against a local recording server, the
 * process in a trace ({@code TRACEPARENT}): one {@code http.client.request} per call, equal to the client's own view
 * (status, redirects followed, the exception of a timeout and a refused connection); every request the server got
 * carries its event's trace and span ids; the app prints the same without the agent.
 */
class ApacheHttpClient5IT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** One call as the app printed it. */
    record Call(String name, String method, String path, String status, int resends, String error) {
        static Call parse(String line) {
            String[] p = line.split(" ");
            return new Call(p[1], p[2], p[3], p[4].substring(7), Integer.parseInt(p[5].substring(8)),
                    p[6].substring(6));
        }
    }

    @ParameterizedTest(name = "apache-httpclient {0}")
    @ValueSource(strings = {"5.0.4", "5.6.5"})
    void everyCallIsOneEventEqualToTheClientsOwnView(String version) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(version, server).run().assertSucceeded();
            List<Call> calls = run.stdout.lines().filter(l -> l.startsWith("call ")).map(Call::parse).toList();
            assertEquals(11, calls.size(), run.stdout);
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            assertEquals(calls.size(), events.size(), "one event per call: " + events);
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                JsonNode event = events.get(i);
                String where = call + " / " + event;
                assertEquals("apache-httpclient", event.at("/event/provider").asText(), where);
                assertEquals(call.method(), event.at("/http/request/method").asText(), where);
                assertEquals(call.path(), event.at("/url/path").asText(), where);
                assertEquals(call.status(), event.at("/http/response/status_code").isMissingNode() ? "none"
                        : event.at("/http/response/status_code").asText(), where);
                assertEquals(call.resends(), event.at("/http/request/resend_count").asInt(0), where);
                if (!call.error().equals("none")) {
                    assertEquals(call.error(), event.at("/error/type").asText(), where);
                }
                assertEquals(TRACE, event.at("/trace/id").asText(), where);
            }
            List<String> spans = events.stream().map(e -> e.at("/span/id").asText()).toList();
            for (RecordingHttpServer.Request got : server.requests()) {
                String[] header = got.traceparent.split("-");
                assertEquals(TRACE, header[1], got.toString());
                assertTrue(spans.contains(header[2]), got + " / " + spans);
                assertEquals(1, got.traceparentCount, "one traceparent header: " + got);
            }
            ChildJvm.Result without = app(version, server).withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, run.stdout, "the app's view is the same without the agent");
        }
    }

    private static ChildJvm app(String version, RecordingHttpServer server) {
        return ChildJvm.app(ApacheHttpClient5App.class).libs("apache-httpclient-" + version).args(String.valueOf(server.port()))
                .env("TRACEPARENT", "00-" + TRACE + "-00f067aa0ba902b7-01");
    }
}
