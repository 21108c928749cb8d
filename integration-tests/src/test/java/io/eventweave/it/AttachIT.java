package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.it.apps.LongRunningApp;
import io.eventweave.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach PID}: the agent loaded into a JVM that is already making HTTP calls through a circuit breaker, started
 * without it. Events appear (the JDK client's and Resilience4j's classes, loaded long before, are retransformed), the
 * application goes on unaffected, attaching a second time is harmless, {@code list} shows the JVM, and a JVM that
 * refuses attach gets one clear line.
 */
class AttachIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static ChildJvm.Result cli(Path dir, String... args) {
        return ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("cli").args(args)
                .timeoutSeconds(60).run();
    }

    static List<JsonNode> events(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.endsWith("}")) {
                    events.add(JSON.readTree(line));
                }
            }
        }
        return events;
    }

    @Test
    void eventsFlowFromARunningJvmWithoutARestart() throws Exception {
        ChildJvm app = ChildJvm.app(LongRunningApp.class).withoutAgent().libs("resilience4j-2.4.0").workDir(dir)
                .logName("app").args("12").timeoutSeconds(60);
        Process running = app.start();
        Path stdout = dir.resolve("app.stdout");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(stdout)
                && Files.readString(stdout).contains("call 5 "));
        String pid = Long.toString(running.pid());
        assertTrue(cli(dir, "list").assertSucceeded().stdout.lines().anyMatch(l -> l.startsWith(pid + " ")),
                "list shows the running JVM");
        Path events = dir.resolve("attached.jsonl");
        ChildJvm.Result attached = cli(dir, "attach", pid, "output.path=" + events, "service.name=attached");
        assertEquals(0, attached.exitCode, attached.stdout + attached.stderr);
        await().atMost(Duration.ofSeconds(20)).until(() -> events(events).stream()
                .filter(e -> e.at("/event/name").asText().equals("http.client.request")
                        && e.at("/circuit_breaker/name").asText().equals("backend")).count() >= 3);
        assertEquals(0, cli(dir, "attach", pid, "output.path=" + dir.resolve("second.jsonl")).exitCode,
                "attaching again is harmless");
        ChildJvm.Result done = app.waitFor(running).assertSucceeded();
        assertTrue(done.stderr.contains("already attached"), "the second attach says so: " + done.stderr);
        assertTrue(Files.notExists(dir.resolve("second.jsonl")), "no second agent");
        List<String> calls = done.stdout.lines().filter(l -> l.startsWith("call ")).toList();
        for (int i = 0; i < calls.size(); i++) {
            assertEquals("call " + (i + 1) + " status 200", calls.get(i), "the application went on unaffected");
        }
        assertTrue(done.stdout.endsWith("done\n"), done.stdout);
        List<JsonNode> written = events(events);
        assertEquals("agent.start", written.get(0).at("/event/name").asText());
        assertEquals("attached", written.get(0).at("/service/name").asText());
        assertEquals(1, written.stream().filter(e -> e.at("/event/name").asText().equals("agent.start")).count());
        assertEquals("agent.stop", written.get(written.size() - 1).at("/event/name").asText());
    }

    @Test
    void aJvmThatRefusesAttachGetsOneClearLine() throws Exception {
        ChildJvm app = ChildJvm.app(LongRunningApp.class).withoutAgent().libs("resilience4j-2.4.0").workDir(dir)
                .logName("closed").jvmArgs("-XX:+DisableAttachMechanism").args("4").timeoutSeconds(60);
        Process running = app.start();
        try {
            ChildJvm.Result refused = cli(dir, "attach", Long.toString(running.pid()));
            assertEquals(1, refused.exitCode, refused.stdout);
            assertEquals(1, refused.stderr.strip().lines().count(), refused.stderr);
            assertTrue(refused.stderr.startsWith("eventweave attach: cannot attach to JVM " + running.pid()),
                    refused.stderr);
        } finally {
            app.waitFor(running).assertSucceeded();
        }
    }
}
