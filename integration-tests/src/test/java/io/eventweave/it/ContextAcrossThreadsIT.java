package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.it.apps.ContextHopsApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context follows a request's work across threads ({@link ContextHopsApp}, under the shipped agent): each
 * request arrives with its own {@code traceparent}, its handler hands the downstream call to another thread (an
 * executor, a scheduled executor, fork/join, {@code CompletableFuture}, a thread, a virtual thread, Reactor), and the
 * downstream must receive the request's trace id, as the {@code http.client.request} event says. The one-thread pool
 * is reused by two requests of different traces, then by the main thread with none: each task sees its own. A
 * fork/join task with no context run on a request's own thread ({@code inline-task}) leaves that thread's context as
 * it was: the call the request makes after it carries the request's trace.
 */
class ContextAcrossThreadsIT {
    private static final Pattern LISTENING = Pattern.compile("listening (\\d+) java (\\d+)");
    private static final List<String> HOPS = List.of("submit", "execute", "invokeAll", "schedule", "fork-join",
            "completable", "thread", "virtual", "reactor", "inline-task", "submit");

    @TempDir
    Path dir;

    /** One request the test sent: the hop, and the trace it sent (null: none). */
    record Sent(String hop, String trace, int status) {
    }

    @Test
    void eachHopRunsInTheTraceOfTheRequestThatHandedItOver() throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm app = ChildJvm.app(ContextHopsApp.class).libs("reactor-3.8.8").args(downstream.baseUrl())
                    .workDir(dir);
            Process process = app.start();
            Matcher listening = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(dir), Optional::isPresent).get();
            String base = "http://127.0.0.1:" + listening.group(1);
            int java = Integer.parseInt(listening.group(2));
            HttpClient caller = HttpClient.newHttpClient();

            // the executors are woven once the first instrumented class was (the JDK server's), on a thread of the
            // agent's: wait until a hop carries the trace, as a service's first requests would find it done
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String trace = newTrace();
                send(caller, base, "submit", trace);
                return downstream.requests().stream().anyMatch(r -> r.path.equals("/downstream/submit")
                        && r.traceparent != null && r.traceparent.contains(trace));
            });
            int before = downstream.requests().size();

            List<Sent> sent = new ArrayList<>();
            for (String hop : HOPS) {
                String trace = newTrace();
                sent.add(new Sent(hop, trace, send(caller, base, hop, trace)));
            }
            send(caller, base, "done", null);
            ChildJvm.Result run = app.waitFor(process).assertSucceeded();

            List<RecordingHttpServer.Request> received = downstream.requests().subList(before,
                    downstream.requests().size());
            EventFile events = EventFile.single(dir).assertHealthy();
            Map<String, JsonNode> clientEventBySpan = new LinkedHashMap<>();
            for (JsonNode e : events.named("http.client.request")) {
                clientEventBySpan.put(e.at("/span/id").asText(), e);
            }
            int r = 0;
            for (Sent request : sent) {
                if (request.hop().equals("virtual") && java < 21) {
                    assertEquals(501, request.status(), "virtual threads do not apply on JDK " + java);
                    continue;
                }
                assertEquals(200, request.status(), request.toString());
                RecordingHttpServer.Request got = received.get(r++);
                assertEquals("/downstream/" + request.hop(), got.path, request + " / " + received);
                String[] header = got.traceparent == null ? null : got.traceparent.split("-");
                assertTrue(header != null && header[1].equals(request.trace()),
                        "the downstream got the request's trace: " + request + " / " + got);
                JsonNode event = clientEventBySpan.get(header[2]);
                assertEquals(request.trace(), event.at("/trace/id").asText(), event.toString());
                assertEquals("/downstream/" + request.hop(), event.at("/url/path").asText());
            }
            RecordingHttpServer.Request last = received.get(r);
            assertEquals("/downstream/no-context", last.path);
            assertNull(last.traceparent, "the reused worker ran the main thread's task with no context");
            assertTrue(run.stdout.contains("no-context 404"), run.stdout);
            assertEquals(r + 1, received.size(), received.toString());
        }
    }

    @Test
    void withoutTheAgentTheServiceAnswersTheSame() throws Exception {
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm app = ChildJvm.app(ContextHopsApp.class).libs("reactor-3.8.8").args(downstream.baseUrl())
                    .workDir(dir).withoutAgent();
            Process process = app.start();
            Matcher listening = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listening(dir), Optional::isPresent).get();
            String base = "http://127.0.0.1:" + listening.group(1);
            int java = Integer.parseInt(listening.group(2));
            HttpClient caller = HttpClient.newHttpClient();
            for (String hop : HOPS) {
                assertEquals(hop.equals("virtual") && java < 21 ? 501 : 200, send(caller, base, hop, newTrace()), hop);
            }
            send(caller, base, "done", null);
            assertTrue(app.waitFor(process).assertSucceeded().stdout.contains("no-context 404"));
            assertTrue(downstream.requests().stream().allMatch(r -> r.traceparent == null));
        }
    }

    private static String newTrace() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
    }

    private static int send(HttpClient caller, String base, String hop, String trace) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + (hop.equals("done") ? "/done"
                : "/hop/" + hop)));
        if (trace != null) {
            request.header("traceparent", "00-" + trace + "-b7ad6b7169203331-01");
        }
        return caller.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Optional<Matcher> listening(Path dir) throws Exception {
        Path stdout = dir.resolve("child.stdout");
        if (!Files.exists(stdout)) {
            return Optional.empty();
        }
        Matcher m = LISTENING.matcher(Files.readString(stdout));
        return m.find() ? Optional.of(m) : Optional.empty();
    }
}
