package io.eventweave.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.testing.FreePort;
import io.eventweave.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch --nats} against a real {@code nats-server -js}: the stream the agent ships to (EVENTWEAVE, subjects
 * {@code eventweave.>}), lines of two services published on the agent's subjects with its {@code Nats-Msg-Id}, and
 * the command run in-process as {@link CliTest} runs it.
 */
class WatchNatsTest {
    private static final Pattern SERVICE = Pattern.compile("\"service\":\\{\"name\":\"([^\"]*)\",\"instance\":"
            + "\\{\"id\":\"([^\"]*)\"");
    private static final Pattern EVENT = Pattern.compile("\"event\":\\{\"name\":\"([^\"]*)\",\"sequence\":(\\d+)");

    @TempDir
    Path dir;

    private NatsServer server;
    private Connection publisher;
    private final ExecutorService watchers = Executors.newCachedThreadPool();

    @BeforeEach
    void startServer() throws Exception {
        server = NatsServer.start(dir.resolve("nats"));
        publisher = connect(server.url());
    }

    @AfterEach
    void stopServer() throws Exception {
        watchers.shutdownNow();
        assertTrue(watchers.awaitTermination(10, TimeUnit.SECONDS), "watch ends when interrupted");
        publisher.close();
        server.close();
    }

    private static Connection connect(String url) throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(url).maxReconnects(-1).reconnectWait(Duration.ofMillis(200))
                .errorListener(new ErrorListener() { }).build());
    }

    private void createStream() throws Exception {
        publisher.jetStreamManagement().addStream(StreamConfiguration.builder().name("EVENTWEAVE")
                .subjects("eventweave.>").storageType(StorageType.File).build());
    }

    /** checkout's and a service without a name's lines, interleaved as two processes ship them. */
    private static List<String> twoServices() {
        CliTest.Lines checkout = new CliTest.Lines("checkout", "aaaa-1111", 11).start();
        CliTest.Lines other = new CliTest.Lines("unknown_service:java", "3d516e7b-f07d-44d5-af5a-d85279498175", 22)
                .start();
        checkout.call("pricing", 200, 120).call("pricing", 503, 800).breaker("closed", "open");
        other.call("bank", 200, 40).call("bank", 200, 55);
        checkout.breaker("open", "half_open").call("pricing", 200, 90).breaker("half_open", "closed");
        other.call("bank", 404, 12).stop(0);
        checkout.stop(0);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.max(checkout.lines.size(), other.lines.size()); i++) {
            if (i < checkout.lines.size()) {
                lines.add(checkout.lines.get(i));
            }
            if (i < other.lines.size()) {
                lines.add(other.lines.get(i));
            }
        }
        return lines;
    }

    /** The agent's subject for a line: eventweave.SERVICE.EVENT_NAME, the service name made a token. */
    static String subject(String line) {
        Matcher service = SERVICE.matcher(line);
        Matcher event = EVENT.matcher(line);
        assertTrue(service.find() && event.find(), line);
        return "eventweave." + service.group(1).replaceAll("[^A-Za-z0-9_-]", "_") + "." + event.group(1);
    }

    private void publish(List<String> lines) throws Exception {
        publish(publisher, lines, false);
    }

    private static void publish(Connection connection, List<String> lines) throws Exception {
        publish(connection, lines, false);
    }

    private static void publish(Connection connection, List<String> lines, boolean again) throws Exception {
        for (String line : lines) {
            Matcher service = SERVICE.matcher(line);
            Matcher event = EVENT.matcher(line);
            assertTrue(service.find() && event.find(), line);
            Headers headers = new Headers().put("Nats-Msg-Id", service.group(2) + ":" + event.group(2));
            PublishAck ack = connection.jetStream().publish(NatsMessage.builder().subject(subject(line))
                    .headers(headers).data(line.getBytes(StandardCharsets.UTF_8)).build());
            assertEquals("EVENTWEAVE", ack.getStream());
            assertEquals(again, ack.isDuplicate(), line);
        }
    }

    /** A watch running in-process: its streams as they fill, its exit status when it ends. */
    static final class Watch {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Terminal terminal;
        Future<Integer> status;

        Watch(Path cwd) {
            terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]), cwd, CliTest.NOW, false, Map.of());
        }

        List<String> lines() {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        int await() throws Exception {
            return status.get(30, TimeUnit.SECONDS);
        }
    }

    private Watch start(String... args) {
        Watch w = new Watch(dir);
        List<String> all = new ArrayList<>(List.of("watch", "--nats", server.url()));
        all.addAll(List.of(args));
        w.status = watchers.submit(() -> Cli.run(all.toArray(String[]::new), w.terminal));
        return w;
    }

    private Watch run(String... args) throws Exception {
        Watch w = start(args);
        w.await();
        return w;
    }

    private void awaitSubscribed() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JetStreamManagement jsm = publisher.jetStreamManagement();
            return !jsm.getConsumerNames("EVENTWEAVE").isEmpty();
        });
    }

    @Test
    void fromStartPrintsEveryLineOnceInStreamOrder() throws Exception {
        createStream();
        List<String> lines = twoServices();
        publish(lines);
        // shipped again (the shipper restarted before it kept its offset): the server drops them by Nats-Msg-Id
        publish(publisher, lines.subList(0, 3), true);
        Watch json = run("--from-start", "--limit", String.valueOf(lines.size()), "--json");
        assertEquals(0, json.await(), json.err());
        assertEquals(lines, json.lines(), json.err());
        assertEquals("", json.err());

        Watch readable = run("--from-start", "--limit", "3");
        assertEquals(List.of("10:00:01.000 checkout     agent.start                  version 0.1.0 writing x.jsonl",
                "10:00:01.000 unknown_service:java agent.start                  version 0.1.0 writing x.jsonl",
                "10:00:02.000 checkout     http.client.request          GET pricing:8080/price 200  120.0ms  success"),
                readable.lines(), readable.err());
    }

    @Test
    void theFiltersApplyAsToFiles() throws Exception {
        createStream();
        List<String> lines = twoServices();
        publish(lines);
        List<String> breaker = lines.stream().filter(l -> l.contains("circuit_breaker.state_change")).toList();
        assertEquals(3, breaker.size());
        Watch names = run("--from-start", "--json", "--name", "circuit_breaker.*", "--limit", "3");
        assertEquals(breaker, names.lines(), names.err());

        List<String> failures = lines.stream().filter(l -> l.contains("\"outcome\":\"failure\"")).toList();
        assertEquals(2, failures.size());
        Watch where = run("--from-start", "--json", "--where", "event.outcome = 'failure'", "--limit", "2");
        assertEquals(failures, where.lines(), where.err());

        // narrowed on the server: only the nameless service's subjects reach the command
        List<String> other = lines.stream().filter(l -> l.contains("unknown_service:java")).toList();
        Watch subject = run("--from-start", "--json", "--subject", "eventweave.unknown_service_java.>", "--limit",
                String.valueOf(other.size()));
        assertEquals(other, subject.lines(), subject.err());
        Watch both = run("--from-start", "--json", "--subject", "eventweave.*.http.client.request", "--where",
                "http.response.status_code >= 400", "--limit", "2");
        assertEquals(failures, both.lines(), both.err());

        // --since: where the stream is read from (no --from-start needed), and the @timestamp filter
        List<String> late = lines.stream().filter(l -> l.compareTo("{\"@timestamp\":\"2026-12-05T10:00:06") >= 0)
                .toList();
        assertTrue(late.size() >= 3 && late.size() < lines.size(), late.toString());
        Watch since = run("--json", "--since", "2026-12-05T10:00:06Z", "--limit", String.valueOf(late.size()));
        assertEquals(late, since.lines(), since.err());
    }

    @Test
    void byDefaultOnlyNewMessages() throws Exception {
        createStream();
        List<String> lines = twoServices();
        publish(lines.subList(0, 6));
        Watch w = start("--json", "--limit", "4");
        awaitSubscribed();
        publish(lines.subList(6, 10));
        assertEquals(0, w.await(), w.err());
        assertEquals(lines.subList(6, 10), w.lines(), w.err());
        assertEquals("", w.err());
    }

    @Test
    void aServerKilledAndRestartedMidWatchLosesAndRepeatsNothing() throws Exception {
        createStream();
        List<String> lines = twoServices();
        publish(lines.subList(0, 3));
        Watch all = start("--json", "--from-start", "--limit", String.valueOf(lines.size()));
        Watch fresh = start("--json", "--limit", String.valueOf(lines.size() - 3)); // new ones: none before the kill
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> publisher.jetStreamManagement().getConsumerNames("EVENTWEAVE").size() == 2);
        publish(lines.subList(3, 8));
        await().atMost(Duration.ofSeconds(10)).until(() -> all.lines().size() == 8);

        server.stop(false); // kill -9
        await().atMost(Duration.ofSeconds(10)).until(() -> all.err().contains("NATS connection lost")
                && fresh.err().contains("NATS connection lost"));
        server.restart();
        // the publisher (reconnecting every 200 ms) ships before the watches (every second) are back
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.getStatus() == Connection.Status.CONNECTED);
        publish(lines.subList(8, 11));
        await().atMost(Duration.ofSeconds(20)).until(() -> all.err().contains("NATS reconnected")
                && fresh.err().contains("NATS reconnected"));
        publish(lines.subList(11, lines.size()));

        assertEquals(0, all.await(), all.err());
        assertEquals(lines, all.lines(), "every line once, in order, across the restart: " + all.err());
        assertEquals(0, fresh.await(), fresh.err());
        assertEquals(lines.subList(3, lines.size()), fresh.lines(), fresh.err());
        for (Watch w : List.of(all, fresh)) {
            List<String> err = w.err().lines().toList();
            assertEquals(2, err.size(), w.err());
            assertTrue(err.get(0).matches("eventweave watch: NATS connection lost \\(" + Pattern.quote(server.url())
                    + ": [^.]+\\); reconnecting"), err.get(0));
            assertEquals("eventweave watch: NATS reconnected (" + server.url() + ")", err.get(1));
        }
    }

    @Test
    void aMissingStreamIsOneClearError() throws Exception {
        Watch w = run("--from-start");
        assertEquals(2, w.await());
        assertEquals(List.of("eventweave watch: no stream EVENTWEAVE on " + server.url() + ": the agent creates it "
                + "(subjects eventweave.>) when it first ships events to this server; --stream names another"),
                w.err().lines().toList());
        assertEquals("", w.out.toString(StandardCharsets.UTF_8));

        createStream();
        Watch outside = run("--subject", "acme.>");
        assertEquals(2, outside.await());
        assertEquals(List.of("eventweave watch: stream EVENTWEAVE on " + server.url() + " holds subjects "
                + "[eventweave.>], none of them in acme.>; --subject names what to follow"),
                outside.err().lines().toList());
    }

    @Test
    void anUnreachableServerIsOneClearError() throws Exception {
        String url = "nats://127.0.0.1:" + FreePort.find();
        Watch w = new Watch(dir);
        long began = System.nanoTime();
        int status = Cli.run(new String[] {"watch", "--nats", url}, w.terminal);
        assertEquals(2, status);
        List<String> err = w.err().lines().toList();
        assertEquals(1, err.size(), w.err());
        assertTrue(err.get(0).startsWith("eventweave watch: cannot connect to " + url + ": "), err.get(0));
        assertEquals("eventweave watch: cannot connect to " + url + ": Connection refused", err.get(0));
        assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(10), "no retrying a first connection");
    }

    @Test
    void usageErrors() {
        Watch paths = new Watch(dir);
        assertEquals(2, Cli.run(new String[] {"watch", "--nats", server.url(), "logs"}, paths.terminal));
        assertEquals("eventweave watch: --nats follows a NATS stream, not files: drop logs\n", paths.err());
        Watch creds = new Watch(dir);
        assertEquals(2, Cli.run(new String[] {"watch", "--nats", server.url(), "--creds", "user.creds"},
                creds.terminal));
        assertTrue(creds.err().startsWith("eventweave watch: --creds: NKey/JWT credentials (.creds files) are not "
                + "supported by this build"), creds.err());
        Watch stream = new Watch(dir);
        assertEquals(2, Cli.run(new String[] {"watch", "--stream", "EVENTWEAVE"}, stream.terminal));
        assertEquals("eventweave watch: --stream goes with --nats URL\n", stream.err());
    }

    /** A second server of our own, with a token or a user and password. */
    private static Process authServer(Path dir, int port, String... auth) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/nats-server", "-js", "-sd",
                dir.resolve("store").toString(), "-a", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(auth));
        Files.createDirectories(dir);
        Path log = dir.resolve("nats-server.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.readString(log).contains("Server is ready") || !p.isAlive());
        assertTrue(p.isAlive(), Files.readString(log));
        return p;
    }

    @Test
    void aTokenOrAUserAndPasswordInTheUrl() throws Exception {
        int port = FreePort.find();
        Process withToken = authServer(dir.resolve("token"), port, "--auth", "s3cret");
        try {
            Watch refused = new Watch(dir);
            assertEquals(2, Cli.run(new String[] {"watch", "--nats", "nats://127.0.0.1:" + port, "--token",
                "wrong"}, refused.terminal));
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertEquals("eventweave watch: cannot connect to nats://127.0.0.1:" + port + ": Authorization Violation\n",
                    refused.err());
            Watch noStream = new Watch(dir);
            assertEquals(2, Cli.run(new String[] {"watch", "--nats", "nats://127.0.0.1:" + port, "--token",
                "s3cret"}, noStream.terminal));
            assertTrue(noStream.err().startsWith("eventweave watch: no stream EVENTWEAVE"), noStream.err());
        } finally {
            withToken.destroy();
            withToken.waitFor(10, TimeUnit.SECONDS);
        }
        int port2 = FreePort.find();
        Process withUser = authServer(dir.resolve("user"), port2, "--user", "watcher", "--pass", "pw");
        try {
            String url = "nats://watcher:pw@127.0.0.1:" + port2;
            try (Connection c = connect(url)) {
                c.jetStreamManagement().addStream(StreamConfiguration.builder().name("EVENTWEAVE")
                        .subjects("eventweave.>").build());
                publish(c, twoServices().subList(0, 2));
            }
            Watch w = new Watch(dir);
            assertEquals(0, Cli.run(new String[] {"watch", "--nats", "nats://127.0.0.1:1," + url, "--from-start",
                "--json", "--limit", "2"}, w.terminal), w.err());
            assertEquals(twoServices().subList(0, 2), w.lines(), w.err());
        } finally {
            withUser.destroy();
            withUser.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
