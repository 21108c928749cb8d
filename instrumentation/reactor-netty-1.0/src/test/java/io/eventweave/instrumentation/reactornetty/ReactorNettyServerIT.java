package io.eventweave.instrumentation.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reactor Netty's {@code HttpServer} under this module's agent, on the oldest and the newest version claimed: one
 * {@code http.server.request} per request ({@link ServerCall}), equal to what the JDK client got (a status, or the
 * exception when no response came: a handler that threw synchronously, a client that gave up) and what the handler saw
 * (the caller's {@code traceparent}, whose trace id is the event's); every Reactor Netty client call made inside a
 * handler, also one chained on another's response or on the request body, carries the inbound request's trace id to
 * the downstream server.
 */
class ReactorNettyServerIT {
    private static final Pattern ANSWER = Pattern.compile("^(\\w+) -> (\\S+)$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.4.0"})
    void everyRequestIsOneEventAndTheHandlersClientCallsCarryItsTrace(String version) throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(ReactorNettyServerApp.class).libs("reactor-netty-" + version)
                    .args(String.valueOf(downstream.port())).run().assertSucceeded();
            EventFile file = run.events().assertHealthy();
            List<JsonNode> events = file.named("http.server.request");
            List<String> answers = answers(run.stdout);
            ServerCall[] calls = ServerCall.values();
            assertEquals(calls.length, answers.size(), run.stdout);
            assertEquals(calls.length, events.size(), "one event per request:\n" + file.all());

            List<String> downstreamTraceIds = new ArrayList<>();
            for (int i = 0; i < calls.length; i++) {
                ServerCall call = calls[i];
                JsonNode event = events.get(i);
                String answer = answers.get(i);
                String context = call + " -> " + answer + "\n" + event;
                assertEquals(call.answer, answer, "the client got what the route does: " + context);
                assertEquals("reactor-netty", event.at("/event/provider").asText(), context);
                assertEquals(call.method, event.at("/http/request/method").asText(), context);
                assertEquals("http", event.at("/url/scheme").asText(), context);
                assertEquals("127.0.0.1", event.at("/server/address").asText(), context);
                assertTrue(event.at("/server/port").asInt() > 0, context);
                assertEquals(call.path, event.at("/url/path").asText(), context);
                if (call.answered()) {
                    assertEquals(Integer.parseInt(answer), event.at("/http/response/status_code").asInt(), context);
                } else {
                    assertTrue(event.at("/http/response").isMissingNode(), "no status was sent: " + context);
                }
                assertTrue(event.at("/event/duration").asLong() > 0, context);
                assertEquals(call.outcome, event.at("/event/outcome").asText(), context);
                if (call.errorType == null) {
                    assertTrue(event.at("/error").isMissingNode(), context);
                } else {
                    assertEquals(call.errorType, event.at("/error/type").asText(), context);
                }
                String traceId = event.at("/trace/id").asText();
                assertEquals(32, traceId.length(), "every request has a trace: " + context);
                if (call.traceparent != null) {
                    assertTrue(run.stdout.contains(call + " handler saw: " + call.method + " " + call.path + " "
                            + call.traceparent), "the handler saw the caller's header: " + run.stdout);
                    assertEquals(call.traceId(), traceId, "the caller's trace: " + context);
                    assertFalse(call.traceparent.endsWith("-" + event.at("/span/id").asText() + "-01"),
                            "a span of its own: " + context);
                }
                for (int c = 0; c < call.downstreamCalls; c++) {
                    downstreamTraceIds.add(traceId);
                }
            }

            // the handlers' client calls (also one chained on another's response, one made after reading the body):
            // one event each, in the inbound request's trace, and the downstream server received that trace id with
            // the client event's span id as parent
            List<JsonNode> clientEvents = file.named("http.client.request");
            List<RecordingHttpServer.Request> received = downstream.requests();
            assertEquals(downstreamTraceIds.size(), clientEvents.size(), file.all().toString());
            assertEquals(downstreamTraceIds.size(), received.size(), received.toString());
            for (int i = 0; i < received.size(); i++) {
                RecordingHttpServer.Request request = received.get(i);
                JsonNode client = clientEvents.get(i);
                assertEquals(1, request.traceparentCount, request.toString());
                assertEquals("00-" + downstreamTraceIds.get(i) + "-" + client.at("/span/id").asText() + "-01",
                        request.traceparent, client.toString());
                assertEquals(downstreamTraceIds.get(i), client.at("/trace/id").asText(), client.toString());
                assertEquals(200, client.at("/http/response/status_code").asInt(), client.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.4.0"})
    void theAppPrintsTheSameWithAndWithoutTheAgent(String version) throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(ReactorNettyServerApp.class).libs("reactor-netty-" + version)
                    .args(String.valueOf(downstream.port())).run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(ReactorNettyServerApp.class).libs("reactor-netty-" + version)
                    .args(String.valueOf(downstream.port())).withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, with.stdout);
            with.events().assertHealthy();
        }
    }

    /** What the client got per call, in order: a status or an exception's class. */
    private static List<String> answers(String stdout) {
        List<String> answers = new ArrayList<>();
        Matcher m = ANSWER.matcher(stdout);
        while (m.find()) {
            answers.add(m.group(2));
        }
        return answers;
    }
}
