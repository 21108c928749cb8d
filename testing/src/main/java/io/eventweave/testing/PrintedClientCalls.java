package io.eventweave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The oracle of the HTTP client modules whose test app prints the library's own view of each call, one line per call:
 * {@code call <name> <method> <path> status=<code|none> resends=<n> error=<exception class|none>} (OkHttp, Apache
 * HttpClient). The events must be one per call, in order, equal to it, in the process's trace; every request the
 * server got must carry the trace and the span id of its call's event, in one {@code traceparent} header.
 */
public final class PrintedClientCalls {
    private PrintedClientCalls() {
    }

    /** One call as the app printed it. */
    public record Call(String name, String method, String path, String status, int resends, String error) {
        static Call parse(String line) {
            String[] p = line.split(" ");
            return new Call(p[1], p[2], p[3], p[4].substring("status=".length()),
                    Integer.parseInt(p[5].substring("resends=".length())), p[6].substring("error=".length()));
        }
    }

    /** The calls the app printed, in order. */
    public static List<Call> of(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("call ")).map(Call::parse).toList();
    }

    /** The oracle (see the class comment); {@code traceId} is the process's ({@code TRACEPARENT}). */
    public static void assertEventsEqual(List<Call> calls, List<JsonNode> events, String provider, String traceId,
            RecordingHttpServer server) {
        assertEquals(calls.size(), events.size(), "one event per call: " + events);
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            JsonNode event = events.get(i);
            String where = call + " / " + event;
            assertEquals(provider, event.at("/event/provider").asText(), where);
            assertEquals(call.method(), event.at("/http/request/method").asText(), where);
            assertEquals(call.path(), event.at("/url/path").asText(), where);
            JsonNode status = event.at("/http/response/status_code");
            assertEquals(call.status(), status.isMissingNode() ? "none" : status.asText(), where);
            assertEquals(call.resends(), event.at("/http/request/resend_count").asInt(0), where);
            if (!call.error().equals("none")) {
                assertEquals(call.error(), event.at("/error/type").asText(), where);
            }
            assertEquals(traceId, event.at("/trace/id").asText(), where);
        }
        List<String> spans = events.stream().map(e -> e.at("/span/id").asText()).toList();
        for (RecordingHttpServer.Request got : server.requests()) {
            String[] header = got.traceparent.split("-");
            assertEquals(traceId, header[1], got.toString());
            assertTrue(spans.contains(header[2]), "the span of one of the events: " + got + " / " + spans);
            assertEquals(1, got.traceparentCount, "one traceparent header: " + got);
        }
    }
}
