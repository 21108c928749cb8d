package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.apps.HttpClientApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How users attach and configure the agent: flags, environment, files, bad values, switches. */
class AttachAndConfigurationIT {
    @TempDir
    Path dir;

    @Test
    void disabledMeansNoFileNoOutputAndTheSameApp() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "url:GET:/status/200:code")
                    .env("EVENTWEAVE_ENABLED", "false").env("TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .workDir(dir).run().assertSucceeded();
            assertEquals("", run.stderr);
            assertEquals(List.of(), run.startupLines, "nothing of the agent runs");
            assertTrue(run.stdout.contains("-> 200"), run.stdout);
            assertEquals(List.of(), EventFile.files(dir), "no file created");
            server.requests().forEach(r -> assertEquals(null, r.traceparent, "nothing added: " + r));
        }
    }

    @Test
    void theAgentSaysInOneLineOnStderrThatItIsThereAndStdoutIsUntouched() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200").workDir(dir).run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200").withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, with.stdout, "stdout belongs to the application");
            assertEquals(1, with.startupLines.size(), with.stderr + with.startupLines);
            JsonNode start = with.events().assertHealthy().start();
            String line = with.startupLines.get(0);
            int on = start.at("/agent/instrumentations").size();
            assertTrue(line.contains("agent " + start.at("/agent/version").asText() + " started"), line);
            assertTrue(line.contains("writing events to " + start.at("/agent/output/path").asText() + ";"), line);
            List<String> names = new ArrayList<>();
            start.at("/agent/instrumentations").forEach(n -> names.add(n.asText()));
            assertTrue(line.endsWith("; " + on + " instrumentations on (" + String.join(", ", names) + ")"), line);
            assertEquals(List.of(), without.startupLines);

            ChildJvm.Result quiet = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200")
                    .env("EVENTWEAVE_STARTUP_MESSAGE", "false").run().assertSucceeded();
            assertEquals(List.of(), quiet.startupLines, "eventweave.startup.message=false silences it");
            assertEquals("", quiet.stderr);
            quiet.events().assertHealthy();
        }
    }

    @Test
    void aBadValueIsNamedInOneLineAndTheDefaultIsUsed() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200")
                    .env("EVENTWEAVE_QUEUE_SIZE", "banana")
                    .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "soon")
                    .run().assertSucceeded();
            List<String> lines = run.stderr.lines().collect(Collectors.toList());
            assertEquals(2, lines.size(), run.stderr);
            String queue = lines.stream().filter(l -> l.contains("queue.size")).findFirst().orElseThrow();
            assertTrue(queue.contains("'banana'") && queue.contains("EVENTWEAVE_QUEUE_SIZE")
                    && queue.contains("expected an integer") && queue.contains("default 16384"), queue);
            String flush = lines.stream().filter(l -> l.contains("flush-interval")).findFirst().orElseThrow();
            assertTrue(flush.contains("'soon'") && flush.contains("duration") && flush.contains("default 1s"), flush);
            EventFile events = run.events().assertHealthy();
            assertEquals(16384, events.start().at("/agent/queue/capacity").asInt());
            assertEquals("1s", events.start().at("/agent/config/eventweave.output.flush-interval").asText());
            assertEquals(1, events.named("http.client.request").size());
        }
    }

    @Test
    void precedenceIsAgentArgumentsThenSystemPropertiesThenEnvironmentThenFile() throws Exception {
        Path config = dir.resolve("eventweave.properties");
        Files.writeString(config, String.join("\n",
                "service.name=from-file",
                "stats.interval=7s",
                "queue.size=2048",
                "eventweave.shutdown.timeout=3s"), StandardCharsets.UTF_8);
        ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                .args("1")
                .agentArgs("service.name=from-args;output.path=out/events-%p-%%.jsonl")
                .jvmArgs("-Deventweave.service.name=from-property", "-Deventweave.queue.size=4096")
                .env("EVENTWEAVE_SERVICE_NAME", "from-env")
                .env("EVENTWEAVE_QUEUE_SIZE", "1024")
                .env("EVENTWEAVE_STATS_INTERVAL", "9s")
                .env("EVENTWEAVE_CONFIG_FILE", config.toString())
                .workDir(dir).run().assertSucceeded();
        assertEquals("", run.stderr);
        List<Path> files = EventFile.files(dir.resolve("out"));
        assertEquals(1, files.size(), "output.path pattern with a new directory: " + files);
        assertTrue(files.get(0).getFileName().toString().matches("events-\\d+-%\\.jsonl"), files.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
        EventFile events = EventFile.single(dir.resolve("out")).assertHealthy();
        JsonNode start = events.start();
        assertEquals("from-args", start.at("/service/name").asText());
        assertEquals("4096", start.at("/agent/config/eventweave.queue.size").asText(), "-D over environment");
        assertEquals("9s", start.at("/agent/config/eventweave.stats.interval").asText(), "environment over file");
        assertEquals("3s", start.at("/agent/config/eventweave.shutdown.timeout").asText(), "file over default");
        long pid = start.at("/process/pid").asLong();
        assertTrue(files.get(0).getFileName().toString().contains(Long.toString(pid)));
    }

    @Test
    void otelServiceNameIsTheFallbackAndUnknownKeysAreReported() throws Exception {
        ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).args("1")
                .env("OTEL_SERVICE_NAME", "checkout")
                .env("EVENTWEAVE_QUEUE_SIZ", "10")
                .workDir(dir).run().assertSucceeded();
        assertTrue(run.stderr.contains("unknown setting EVENTWEAVE_QUEUE_SIZ"), run.stderr);
        assertEquals(1, run.stderr.lines().count(), run.stderr);
        assertEquals("checkout", run.events().assertHealthy().start().at("/service/name").asText());
    }

    @Test
    void attachesThroughJavaToolOptionsAndTwiceIsHarmless() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            String agent = "-javaagent:" + ChildJvm.agentJar();
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).withoutAgent()
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200")
                    .env("JAVA_TOOL_OPTIONS", agent + " " + agent)
                    .workDir(dir).run().assertSucceeded();
            assertTrue(run.stderr.contains("already attached"), run.stderr);
            EventFile events = run.events().assertHealthy();
            assertEquals(1, events.named("agent.start").size());
            assertEquals(1, events.named("http.client.request").size(), "one event, not two");
        }
    }

    /**
     * The README's promise: a renamed jar still works. Its {@code Boot-Class-Path} entry then names no file, so
     * {@code AgentPremain} appends the jar itself and goes on in the bootstrap loader's copy of its package (before
     * that, a nested class of the agent's class loader came from the other loader: IllegalAccessError).
     */
    @Test
    void aRenamedJarStillWorks() throws Exception {
        Path renamed = Files.copy(ChildJvm.agentJar(), dir.resolve("eventweave-agent-9.9.9.jar"));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).withoutAgent()
                    .jvmArgs("-javaagent:" + renamed)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200")
                    .workDir(dir).run().assertSucceeded();
            assertTrue(!run.stderr.contains("agent disabled"), run.stderr);
            EventFile events = run.events().assertHealthy();
            assertEquals(1, events.named("http.client.request").size(), run.stderr);
        }
    }

    @Test
    void jdkToolsStartedWithJavaToolOptionsAreSkipped() throws Exception {
        Path javaHome = ChildJvm.javaHome();
        for (String tool : List.of("jps", "keytool", "jcmd")) {
            List<String> command = tool.equals("keytool") ? List.of(javaHome.resolve("bin/keytool").toString(), "-help")
                    : List.of(javaHome.resolve("bin/" + tool).toString(), "-l");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), tool + " failed: " + output);
            // the JVM's own "Picked up JAVA_TOOL_OPTIONS" line names the jar; the agent's lines start "eventweave:"
            assertTrue(!output.contains("eventweave:"), tool + " printed: " + output);
        }
        assertEquals(List.of(), EventFile.files(dir), "no event file from JDK tools");
    }

    @Test
    void anInstrumentationCanBeSwitchedOff() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "url:GET:/status/200:code")
                    .env("EVENTWEAVE_INSTRUMENTATION_JDK_URLCONNECTION_ENABLED", "false")
                    .workDir(dir).run().assertSucceeded();
            EventFile events = run.events().assertHealthy();
            List<JsonNode> requests = events.named("http.client.request");
            assertEquals(1, requests.size());
            assertEquals("jdk-httpclient", requests.get(0).at("/event/provider").asText());
            String on = events.start().at("/agent/instrumentations").toString();
            assertTrue(on.contains("\"jdk-httpclient\"") && !on.contains("jdk-urlconnection"), on);
        }
    }
}
