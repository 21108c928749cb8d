package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.it.apps.PlainApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.HttpClientCalls;
import io.eventweave.testing.HttpClientCalls.Call;
import io.eventweave.testing.RecordingHttpServer;
import io.eventweave.testing.apps.HttpClientApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte Buddy comes up only when the first class an instrumentation wants is loaded: an application that loads none
 * pays for none (read from the JVM's own class-loading log), and one that does gets its events from the first call.
 */
class DeferredInstrumentationIT {
    private static final String BYTE_BUDDY = "io.eventweave.shaded.net.bytebuddy.";

    @TempDir
    Path dir;

    @Test
    void anApplicationThatLoadsNoInstrumentedClassNeverLoadsByteBuddy() throws Exception {
        Path classLog = dir.resolve("classes.log");
        ChildJvm.Result with = ChildJvm.app(PlainApp.class).workDir(dir)
                .jvmArgs("-Xlog:class+load:file=" + classLog).env("EVENTWEAVE_STARTUP_TIMING", "true")
                .run().assertSucceeded();
        ChildJvm.Result without = ChildJvm.app(PlainApp.class).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout);

        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.eventweave.agent.DeferredInstallTransformer")),
                "the agent ran: " + loaded.size() + " classes");
        // the verifier loads the interfaces that instrumentation classes pass around (ElementMatcher) to check them;
        // nothing of Byte Buddy's implementation may load
        List<String> byteBuddy = loaded.stream().filter(l -> l.contains(BYTE_BUDDY))
                .filter(l -> !l.contains(BYTE_BUDDY + "matcher.ElementMatcher ")
                        && !l.contains(BYTE_BUDDY + "matcher.ElementMatcher$Junction "))
                .collect(Collectors.toList());
        assertTrue(byteBuddy.isEmpty(), "no Byte Buddy class but the matcher interfaces: " + byteBuddy);
        assertTrue(with.stderr.contains("start-up timing: premain") && with.stderr.contains("start-up timing: drainer"),
                with.stderr);
        assertFalse(with.stderr.contains("start-up timing: byte buddy"), with.stderr);
        EventFile.single(dir).assertHealthy();
    }

    @Test
    void theFirstInstrumentedClassBringsByteBuddyUpAndItsFirstCallIsRecorded() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).workDir(dir)
                    .args(HttpClientCalls.args(server, List.of(Call.of("jdk", "GET", "/status/200"))))
                    .env("EVENTWEAVE_STARTUP_TIMING", "true").run().assertSucceeded();
            assertTrue(run.stderr.contains("start-up timing: byte buddy for jdk/internal/net/http/HttpClientImpl"),
                    run.stderr);
            EventFile events = run.events().assertHealthy();
            assertEquals(1, events.named("http.client.request").size());
            assertEquals(1, server.requests().size());
        }
    }
}
