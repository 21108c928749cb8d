package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.RingBuffer;
import io.eventweave.runtime.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole output pipeline in this JVM: {@link Emit} → {@link RingBuffer} → {@link Drainer} → JSONL file, read back
 * and checked line by line. {@link Emit} and the event counters are process-wide and the drainer's shutdown marks
 * them stopped, so each scenario runs once per JVM (surefire: {@code reuseForks=false}, one test class per scenario).
 */
final class PipelineScenario {
    static final int PRODUCERS = 4;
    private static final long MS = 1_000_000L;
    private static final long SHUTDOWN_TIMEOUT_NANOS = 60_000 * MS;
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z");
    private static final Pattern QUEUE_FULL_REPORT = Pattern.compile("; (\\d+) events dropped \\(queue_full\\)");

    /** What each producer thread sends: a different shape per producer, so every encoder branch is exercised. */
    private static final TraceContext TRACE =
            TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /** A child of {@link #TRACE} as an outbound request records it: the span id it sent. */
    private static final TraceContext OUTBOUND =
            TraceContext.of(TRACE.traceIdHigh, TRACE.traceIdLow, 0x0123456789abcdefL, TRACE.flags);
    private static final ConnectException REFUSED = new ConnectException("refused");
    private static final String[] PATHS = {"/p0", "/p1", "/p2", "/p3"};
    private static final String[] PORTS = {"1000", "1001", "1002", "1003"};
    /** Field values each producer's lines must have (null: the field must be absent). */
    private static final List<Map<String, String>> EXPECTED = new ArrayList<>();

    static {
        Map<String, String> e0 = new HashMap<>();
        e0.put("http.request.method", "GET");
        e0.put("url.scheme", "http");
        e0.put("server.address", "127.0.0.1");
        e0.put("http.response.status_code", "200");
        e0.put("event.outcome", "success");
        e0.put("event.duration", "1000");
        e0.put("error.type", null);
        e0.put("trace.id", null);
        e0.put("span.id", null);
        EXPECTED.add(e0);
        Map<String, String> e1 = new HashMap<>();
        e1.put("http.request.method", "POST");
        e1.put("url.scheme", "https");
        e1.put("server.address", "localhost");
        e1.put("http.response.status_code", null);
        e1.put("event.outcome", "failure");
        e1.put("event.duration", "2000");
        e1.put("error.type", "java.net.ConnectException");
        e1.put("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736");
        e1.put("trace.flags", "01");
        e1.put("span.id", "00f067aa0ba902b7");
        EXPECTED.add(e1);
        Map<String, String> e2 = new HashMap<>();
        e2.put("http.request.method", "PUT");
        e2.put("http.response.status_code", "503");
        e2.put("event.outcome", "failure");
        e2.put("event.duration", "3000");
        e2.put("error.type", "503");
        e2.put("trace.id", null);
        EXPECTED.add(e2);
        Map<String, String> e3 = new HashMap<>();
        e3.put("http.request.method", "DELETE");
        e3.put("http.response.status_code", "204");
        e3.put("http.request.resend_count", "2");
        e3.put("event.outcome", "success");
        e3.put("event.duration", "4000");
        e3.put("error.type", null);
        e3.put("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736");
        e3.put("span.id", "0123456789abcdef");
        EXPECTED.add(e3);
    }

    /** The agent.stop line and a few totals, for the scenario's own extra assertions. */
    static final class Summary {
        long emitted;
        long written;
        long dropped;
        final Map<String, Long> droppedByReason = new LinkedHashMap<>();
        long statsLines;
        long httpLines;
        long[] httpLinesPerProducer = new long[PRODUCERS];
        long fileBytes;
        String stderr;
        List<HandlerStats> handlers = List.of();

        @Override
        public String toString() {
            return "emitted=" + emitted + " written=" + written + " dropped=" + dropped + " byReason="
                    + droppedByReason + " stats=" + statsLines + " http=" + httpLines + " perProducer="
                    + Arrays.toString(httpLinesPerProducer) + " fileBytes=" + fileBytes;
        }
    }

    private PipelineScenario() {
    }

    static Summary runAndVerify(Path dir, int ringCapacity, int perProducer) throws Exception {
        return runAndVerify(dir, ringCapacity, perProducer, List.of());
    }

    /** The same, into a ring too small for the producers: every drop must be queue_full, and some events written. */
    static Summary runAndVerifyOverflow(Path dir, int ringCapacity, int perProducer) throws Exception {
        Summary s = runAndVerify(dir, ringCapacity, perProducer);
        assertEquals(s.emitted, s.written + s.dropped, "written + dropped == emitted: " + s);
        assertEquals(s.dropped, s.droppedByReason.get("queue_full"), "every drop is queue_full: " + s);
        assertTrue(s.dropped > 0, "a ring of " + ringCapacity + " drops: " + s);
        assertTrue(s.written >= ringCapacity, "at least a ring's worth of events written: " + s);
        return s;
    }

    /** The same, with more handlers after the file (the output of record); their statistics are in the summary. */
    static Summary runAndVerify(Path dir, int ringCapacity, int perProducer, List<EventHandler> more)
            throws Exception {
        long t0 = System.nanoTime();
        Path file = dir.resolve("out").resolve("events.jsonl");
        RingBuffer ring = new RingBuffer(ringCapacity);
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Envelope envelope = new Envelope("pipeline-test", "run-0001", "test-host", 4242L);
        AgentInfo info = new AgentInfo("0.0.0-test", file.toString(), ringCapacity, List.of("jdk-httpclient"),
                Map.of("eventweave.queue.size", String.valueOf(ringCapacity)));

        Emit.open(ring, true);
        // one file, no rotation: this scenario checks the ring and the accounting, OutputRotationIT the rotation
        OutputSettings output = new OutputSettings(file, Long.MAX_VALUE, 0, false, 10, Long.MAX_VALUE, "rw-------",
                16 * 1024, OutputSettings.Fsync.NONE, true);
        ErrorReporter reporter = Drainer.newReporter(err);
        JsonlFileHandler fileHandler = new JsonlFileHandler(output, envelope, reporter, err, 50 * MS);
        fileHandler.describe(info);
        assertTrue(fileHandler.openOutput(), () -> "output opened; stderr: " + errBytes);
        List<EventHandler> handlers = new ArrayList<>();
        handlers.add(fileHandler);
        handlers.addAll(more);
        Drainer drainer = new Drainer(ring, handlers, reporter, err, 250 * MS, SHUTDOWN_TIMEOUT_NANOS);
        drainer.start();
        Emit.agentStart();

        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers.add(new Thread(() -> {
                try {
                    go.await();
                    produce(id, perProducer);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "pipeline-producer-" + p));
        }
        producers.forEach(Thread::start);
        go.countDown();
        for (Thread t : producers) {
            t.join(TimeUnit.MINUTES.toMillis(3));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError("a producer failed", failure.get());
        }
        long t1 = System.nanoTime();

        drainer.stopAndWait();
        Thread drainerThread = findThread("eventweave-drainer");
        if (drainerThread != null) {
            drainerThread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(drainerThread.isAlive(), "the drainer thread ended after stopAndWait");
        }
        long t2 = System.nanoTime();

        Summary summary = verifyFile(file, ringCapacity, perProducer);
        summary.stderr = errBytes.toString(StandardCharsets.UTF_8);
        summary.handlers = drainer.handlerStats();
        long t3 = System.nanoTime();
        System.out.printf("pipeline ring=%d producers=%dx%d: produce %d ms, drain+stop %d ms, verify %d ms; %s%n",
                ringCapacity, PRODUCERS, perProducer, (t1 - t0) / MS, (t2 - t1) / MS, (t3 - t2) / MS, summary);
        if (!summary.stderr.isEmpty()) {
            System.out.print("drainer stderr: " + summary.stderr);
        }

        // Loss is visible on stderr too: the queue_full reports add up to the count in agent.stop.
        long reportedQueueFull = 0;
        Matcher m = QUEUE_FULL_REPORT.matcher(summary.stderr);
        while (m.find()) {
            reportedQueueFull += Long.parseLong(m.group(1));
        }
        assertEquals(summary.droppedByReason.get("queue_full"), reportedQueueFull,
                "queue_full drops reported on stderr; stderr: " + summary.stderr);
        assertFalse(summary.stderr.contains("internal error"), summary.stderr);
        assertFalse(summary.stderr.contains("cannot"), summary.stderr);
        return summary;
    }

    private static void produce(int id, int count) {
        String path = PATHS[id];
        int port = 1000 + id;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            switch (id) {
                case 0:
                    HttpEvents.clientRequest("test", "GET", "http", "127.0.0.1", port, path, 200, 0, null,
                            start, start + 1000, null);
                    break;
                case 1:
                    HttpEvents.clientRequest("test", "POST", "https", "localhost", port, path, 0, 0, REFUSED,
                            start, start + 2000, TRACE);
                    break;
                case 2:
                    HttpEvents.clientRequest("test", "PUT", "http", "127.0.0.1", port, path, 503, 0, null,
                            start, start + 3000, null);
                    break;
                default:
                    HttpEvents.clientRequest("test", "DELETE", "http", "127.0.0.1", port, path, 204, 2, null,
                            start, start + 4000, OUTBOUND);
                    break;
            }
        }
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (name.equals(t.getName())) {
                return t;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- verification

    private static Summary verifyFile(Path file, int ringCapacity, int perProducer) throws IOException {
        assertTrue(Files.exists(file), "output file exists");
        Summary s = new Summary();
        s.fileBytes = Files.size(file);
        JsonFactory json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

        BitSet sequences = new BitSet();
        long[] lastSequence = new long[PRODUCERS];
        Arrays.fill(lastSequence, -1);
        long[] line = {0};
        long[] previousSequence = {-1};
        AtomicReference<Map<String, String>> stop = new AtomicReference<>();
        long[] stopLineIndex = {-1};

        forEachLine(file, (bytes, off, len) -> {
            long index = line[0]++;
            Map<String, String> f;
            try {
                f = flatten(json, bytes, off, len);
            } catch (IOException | RuntimeException e) {
                fail("line " + (index + 1) + " is not one JSON object: " + e + ": "
                        + new String(bytes, off, Math.min(len, 2000), StandardCharsets.UTF_8));
                return;
            }
            if (stop.get() != null) {
                fail("line " + (index + 1) + " after agent.stop: " + f);
            }
            String name = f.get("event.name");
            assertNotNull(name, () -> "event.name on line " + (index + 1));
            long seq = Long.parseLong(f.get("event.sequence"));
            if (seq < 0 || sequences.get(Math.toIntExact(seq))) {
                fail("event.sequence " + seq + " appears twice (line " + (index + 1) + ")");
            }
            if (seq <= previousSequence[0]) { // the drainer numbers in the order it writes
                fail("event.sequence " + seq + " after " + previousSequence[0] + " (line " + (index + 1) + ")");
            }
            previousSequence[0] = seq;
            sequences.set(Math.toIntExact(seq));
            checkEnvelope(f, index);

            switch (name) {
                case "agent.start":
                    assertEquals(0, index, "agent.start is the first line");
                    assertEquals(0, seq, "agent.start takes sequence 0");
                    assertEquals(String.valueOf(ringCapacity), f.get("agent.queue.capacity"));
                    assertEquals("jdk-httpclient", f.get("agent.instrumentations[0]"));
                    break;
                case "agent.stats":
                    s.statsLines++;
                    assertEquals(seq, Long.parseLong(f.get("agent.events.emitted")), () -> "agent.stats emitted: " + f);
                    assertEquals(index, Long.parseLong(f.get("agent.events.written")),
                            () -> "agent.stats written == lines before it: " + f);
                    break;
                case "agent.stop":
                    stop.set(f);
                    stopLineIndex[0] = index;
                    break;
                case "http.client.request":
                    s.httpLines++;
                    int producer = checkHttp(f);
                    s.httpLinesPerProducer[producer]++;
                    if (seq <= lastSequence[producer]) {
                        fail("producer " + producer + ": sequence " + seq + " written after " + lastSequence[producer]
                                + " (line " + (index + 1) + ")");
                    }
                    lastSequence[producer] = seq;
                    break;
                default:
                    fail("unexpected event.name " + name + " on line " + (index + 1));
            }
        });

        Map<String, String> st = stop.get();
        assertNotNull(st, "the file ends with agent.stop");
        assertEquals(line[0] - 1, stopLineIndex[0], "agent.stop is the last line");
        long stopSequence = Long.parseLong(st.get("event.sequence"));
        s.emitted = Long.parseLong(st.get("agent.events.emitted"));
        s.written = Long.parseLong(st.get("agent.events.written"));
        s.dropped = Long.parseLong(st.get("agent.events.dropped"));
        long droppedSum = 0;
        for (DropReason reason : DropReason.values()) {
            String v = st.get("agent.events.dropped_by_reason." + reason.wireName());
            assertNotNull(v, "dropped_by_reason." + reason.wireName() + " in agent.stop");
            s.droppedByReason.put(reason.wireName(), Long.parseLong(v));
            droppedSum += Long.parseLong(v);
        }

        assertEquals(stopSequence, s.emitted, "agent.stop: emitted == its own event.sequence");
        assertEquals(stopLineIndex[0], s.written, "agent.stop: written == lines before agent.stop");
        assertEquals(s.emitted, s.written + s.dropped, "emitted == written + dropped");
        assertEquals(s.dropped, droppedSum, "dropped == sum of dropped_by_reason");
        assertEquals("0", st.get("agent.events.queued"), "nothing queued at agent.stop");
        assertEquals("0", st.get("agent.errors.total"), "no internal errors: " + st);
        assertEquals(0L, s.droppedByReason.get("io_error"));
        assertEquals(0L, s.droppedByReason.get("internal_error"));
        assertEquals(0L, s.droppedByReason.get("shutdown_timeout"),
                "the shutdown drain had " + SHUTDOWN_TIMEOUT_NANOS / MS + " ms");

        // The sequence numbers written, plus the dropped count, cover 0..emitted-1 exactly.
        assertEquals(-1, sequences.nextSetBit(Math.toIntExact(stopSequence) + 1), "no sequence above agent.stop");
        BitSet beforeStop = sequences.get(0, Math.toIntExact(stopSequence));
        assertEquals(s.written, beforeStop.cardinality(), "distinct sequences below agent.stop == written");
        long missing = s.emitted - beforeStop.cardinality();
        assertEquals(s.dropped, missing, "missing sequences (gaps) == dropped");

        // Every call was numbered: agent.start + all producer calls + the drainer's agent.stats lines.
        assertEquals(1L + (long) PRODUCERS * perProducer + s.statsLines, s.emitted,
                "emitted == agent.start + " + PRODUCERS + " x " + perProducer + " + agent.stats lines");
        assertEquals(s.written, 1 + s.statsLines + s.httpLines, "written lines by kind");
        return s;
    }

    private static void checkEnvelope(Map<String, String> f, long index) {
        String ts = f.get("@timestamp");
        if (ts == null || !TIMESTAMP.matcher(ts).matches()) {
            fail("@timestamp on line " + (index + 1) + ": " + ts);
        }
        assertEquals("pipeline-test", f.get("service.name"));
        assertEquals("run-0001", f.get("service.instance.id"));
        assertEquals("test-host", f.get("host.name"));
        assertEquals("4242", f.get("process.pid"));
        assertEquals("1", f.get("schema.version"));
    }

    /** Checks an http.client.request line against what its producer sent; returns the producer. */
    private static int checkHttp(Map<String, String> f) {
        String path = f.get("url.path");
        int producer = path != null && path.length() == 3 && path.startsWith("/p") ? path.charAt(2) - '0' : -1;
        if (producer < 0 || producer >= PRODUCERS) {
            fail("url.path " + path + ": " + f);
        }
        assertEquals(PORTS[producer], f.get("server.port"), () -> "port matches path: " + f);
        assertEquals("test", f.get("event.provider"));
        Map<String, String> expected = EXPECTED.get(producer);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (e.getValue() == null) {
                assertNull(f.get(e.getKey()), () -> e.getKey() + " absent for producer " + producer + ": " + f);
            } else {
                assertEquals(e.getValue(), f.get(e.getKey()),
                        () -> e.getKey() + " for producer " + producer + ": " + f);
            }
        }
        return producer;
    }

    // ------------------------------------------------------------------------------------------ reading the file

    interface LineConsumer {
        void accept(byte[] bytes, int offset, int length);
    }

    /**
     * Calls {@code consumer} for each line (without its '\n'); fails on a last line without '\n', an empty line or
     * a '\r'.
     */
    static void forEachLine(Path file, LineConsumer consumer) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        long lineNumber = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    break;
                }
                int scanFrom = end;
                end += n;
                for (int i = scanFrom; i < end; i++) {
                    if (buf[i] == '\n') {
                        lineNumber++;
                        if (i == start) {
                            fail("empty line " + lineNumber);
                        }
                        if (buf[i - 1] == '\r') {
                            fail("line " + lineNumber + " ends with \\r\\n");
                        }
                        consumer.accept(buf, start, i - start);
                        start = i + 1;
                    }
                }
            }
        }
        if (end > start) {
            fail("the last line does not end with '\\n' (" + (end - start) + " bytes): "
                    + new String(buf, start, Math.min(end - start, 2000), StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses one JSON object with jackson-core's streaming parser into dotted paths to scalar values
     * ({@code {"event":{"name":"x"}}} → {@code event.name=x}; array elements as {@code path[i]}). Fails on anything
     * but exactly one object (trailing content, duplicate keys, broken JSON).
     */
    static Map<String, String> flatten(JsonFactory json, byte[] bytes, int offset, int length) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = json.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            object(p, "", out);
            if (p.nextToken() != null) {
                throw new IOException("content after the object");
            }
        }
        return out;
    }

    private static void object(JsonParser p, String prefix, Map<String, String> out) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("expected a field name, got " + t);
            }
            String path = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
            value(p, p.nextToken(), path, out);
        }
    }

    private static void value(JsonParser p, JsonToken t, String path, Map<String, String> out) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            object(p, path, out);
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                value(p, e, path + "[" + i++ + "]", out);
            }
        } else if (t == null) {
            throw new IOException("unexpected end of input at " + path);
        } else {
            String previous = out.put(path, t == JsonToken.VALUE_NULL ? null : p.getText());
            if (previous != null) {
                throw new IOException("two values for " + path);
            }
        }
    }
}
