package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link FieldsEvent#scan}) against jackson ({@link FieldsEvent#read}) and against the whole-line
 * parse every other command uses ({@link JsonLines}): on random lines of every shape, and on damaged ones, which the
 * fast path must never take for whole.
 */
class FieldsEventTest {
    private static final JsonFactory JSON = new JsonFactory();
    /** Wanted paths: leaves, objects, arrays, a dotted key, paths that are missing, a deep one. */
    private static final List<String> PATHS = List.of("@timestamp", "event.name", "event.sequence", "event.duration",
            "event.outcome", "service.name", "http", "http.route", "labels.a.b", "tags", "n.float", "n.big", "n.neg",
            "n.zero", "n.t", "n.f", "n.null", "deep.a.b.c.d.e", "text.escaped", "text.unicode", "absent.field", "k");
    private static final String[] NAMES = {"@timestamp", "event", "name", "sequence", "duration", "outcome",
        "service", "http", "route", "labels", "a.b", "a", "b", "tags", "n", "float", "big", "neg", "zero", "t", "f",
        "null", "deep", "c", "d", "e", "text", "escaped", "unicode", "k", "other", ""};

    @Test
    void agentLinesAreScannedAndGiveWhatJacksonGives() throws IOException {
        String line = "{\"@timestamp\":\"2026-12-06T02:21:40.647176117Z\",\"event\":{\"name\":\"http.client.request\","
                + "\"sequence\":1,\"provider\":\"flood\",\"outcome\":\"success\",\"duration\":96189358},\"http\":"
                + "{\"request\":{\"method\":\"POST\"},\"response\":{\"status_code\":200}},\"url\":{\"scheme\":\"http\","
                + "\"path\":\"/api/v1/items/0\"},\"service\":{\"name\":\"flood-a\",\"instance\":{\"id\":\"cca5\"}},"
                + "\"schema\":{\"version\":\"1\"}}";
        FieldsEvent scanned = new FieldsEvent(PATHS);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(bytes.length, scanned.scan(bytes, 0, bytes.length));
        assertEquals("http.client.request", scanned.get("event.name"));
        assertEquals(96189358L, scanned.get("event.duration"));
        assertEquals(96189358L, scanned.number("event.duration", -1));
        assertEquals(Timestamps.nanos("2026-12-06T02:21:40.647176117Z"), scanned.timestampNanos());
        assertEquals("2026-12-06T02:21:40.647176117Z", scanned.get("@timestamp"));
        assertEquals(java.util.Map.of(), scanned.get("http"), "an object: present, not a scalar");
        assertEquals(null, scanned.get("http.route"));
        assertSame(line, scanned, jackson(line));
        assertThrows(IllegalArgumentException.class, () -> scanned.get("not.asked.for"));
    }

    @Test
    void timestampsAroundASecondsTurnInEitherOrderAreReadExactly() {
        // the scanner keeps the last two seconds it read in full: lines that go back and forth between seconds,
        // and then to a third, a day before, and a time that is not one, must each give their own instant
        String[] times = {"2026-12-06T02:21:45.000000001Z", "2026-12-06T02:21:44.999999999Z",
            "2026-12-06T02:21:45.500000000Z", "2026-12-06T02:21:44.000000000Z", "2026-12-06T02:21:46.123456789Z",
            "2026-12-06T02:21:45.999999999Z", "2026-12-05T02:21:45.000000000Z", "2026-12-06T02:21:46.000000000Z",
            "2026-12-06T02:21:46.00000000xZ", "2026-13-06T02:21:46.000000000Z", "2026-12-06T02:21:46.000000007Z"};
        FieldsEvent scanned = new FieldsEvent(PATHS);
        for (int round = 0; round < 2; round++) {
            for (String time : times) {
                byte[] bytes = ("{\"@timestamp\":\"" + time + "\"}\n").getBytes(StandardCharsets.US_ASCII);
                assertEquals(bytes.length, scanned.scan(bytes, 0, bytes.length));
                assertEquals(Timestamps.nanos(time), scanned.timestampNanos(), time);
                assertEquals(time, scanned.get("@timestamp"));
            }
        }
    }

    @Test
    void stringsAreRightWhateverTheTableOfRecentOnesDoes() {
        // a few values, then many that share places in the table (it grows), then values that never repeat (it gives
        // up), then a few again: every value read must be the line's own
        FieldsEvent scanned = new FieldsEvent(PATHS);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 60_000; i++) {
            String name = i < 5_000 ? "kind-" + random.nextInt(4)
                    : i < 25_000 ? "host-" + random.nextInt(300) + ".internal"
                    : i < 50_000 ? "id-" + i : "kind-" + random.nextInt(4);
            byte[] bytes = ("{\"event\":{\"name\":\"" + name + "\"}}\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals(bytes.length, scanned.scan(bytes, 0, bytes.length));
            assertEquals(name, scanned.get("event.name"));
        }
    }

    @Test
    void randomLinesGiveTheSameFieldsBothWays() throws IOException {
        Random random = new Random(11);
        int scannedCount = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = randomObject(random);
            FieldsEvent scanned = new FieldsEvent(PATHS);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            int next = scanned.scan(bytes, 0, bytes.length);
            if (next == FieldsEvent.GIVE_UP) {
                continue;
            }
            scannedCount++;
            assertEquals(bytes.length, next, line);
            assertSame(line, scanned, jackson(line));
            assertSameAsRecord(line, scanned);
        }
        assertTrue(scannedCount > 5_000, "most random lines are plain ASCII: " + scannedCount);
    }

    @Test
    void damagedLinesAreNeverTakenForWhole() throws IOException {
        Random random = new Random(5);
        int givenUp = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = randomObject(random);
            byte[] bytes = damage(line.getBytes(StandardCharsets.UTF_8), random);
            FieldsEvent scanned = new FieldsEvent(PATHS);
            int next = scanned.scan(bytes, 0, bytes.length);
            if (next == FieldsEvent.GIVE_UP) {
                givenUp++;
                continue;
            }
            // what it took for a line is one: one JSON object, then blanks and the newline
            byte[] taken = java.util.Arrays.copyOf(bytes, next);
            assertTrue(isOneObject(taken), () -> new String(taken, StandardCharsets.ISO_8859_1));
            String text = new String(bytes, 0, next, StandardCharsets.ISO_8859_1);
            assertTrue(text.indexOf('\n') < 0 || text.indexOf('\n') == next - 1, "one line at most: " + text);
        }
        assertTrue(givenUp > 10_000, "most damage breaks the line: " + givenUp);
    }

    @Test
    void linesThatTheFastPathLeavesToJackson() {
        FieldsEvent e = new FieldsEvent(PATHS);
        for (String line : List.of("{\"k\":\"a\\\"b\"}", "{\"k\":\"é\"}", "{\"k\":1.5}", "{\"k\":1e3}",
                "{\"k\":12345678901234567890}", "{\"labels\":{\"a.b\":1}}", "{\"k\":1",
                "[1]", "", "  ", "{\"k\":1} x", "{\"k\":\n1}", "{\"k\":01}", "{\"k\":-}", "{\"k\":tru}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertEquals(FieldsEvent.GIVE_UP, e.scan(bytes, 0, bytes.length), line);
        }
        // two lines: the scan stops at the end of the first
        byte[] two = "{\"k\":1}\r\n{\"k\":2}\n".getBytes(StandardCharsets.UTF_8);
        int next = e.scan(two, 0, two.length);
        assertEquals(9, next);
        assertEquals(1L, e.get("k"));
        assertEquals(two.length, e.scan(two, next, two.length));
        assertEquals(2L, e.get("k"));
        assertNotEquals(null, e.get("k"));
    }

    /** The same values for every wanted path, and the same timestamp. */
    private static void assertSame(String line, FieldsEvent expected, FieldsEvent actual) {
        for (String path : PATHS) {
            assertEquals(expected.get(path), actual.get(path), path + " of " + line);
            assertEquals(expected.number(path, -7), actual.number(path, -7), path + " of " + line);
        }
        assertEquals(expected.timestampNanos(), actual.timestampNanos(), line);
    }

    /** What {@link EventRecord} (the whole-line parse) says for every scalar path. */
    private static void assertSameAsRecord(String line, FieldsEvent scanned) {
        EventRecord record;
        try {
            record = JsonLines.parse(line, "-", 1);
        } catch (JsonLines.BrokenLine e) {
            throw new AssertionError(line, e);
        }
        for (String path : PATHS) {
            Object whole = record.get(path);
            Object fast = scanned.get(path);
            if (whole instanceof java.util.Map || whole instanceof List) {
                assertEquals(whole instanceof java.util.Map ? java.util.Map.of() : List.of(), fast, path);
            } else {
                assertEquals(whole, fast, path + " of " + line);
            }
        }
    }

    private static FieldsEvent jackson(String line) throws IOException {
        FieldsEvent event = new FieldsEvent(PATHS);
        try (JsonParser parser = JSON.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            event.read(parser);
        }
        return event;
    }

    private static boolean isOneObject(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] damage(byte[] bytes, Random random) {
        if (bytes.length < 3) {
            return bytes;
        }
        switch (random.nextInt(5)) {
            case 0:
                return java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1)); // truncated
            case 1: {
                byte[] b = bytes.clone();
                String junk = "{}[]\":,x0\n\u0001";
                b[random.nextInt(b.length)] = (byte) junk.charAt(random.nextInt(junk.length()));
                return b;
            }
            case 2: {
                byte[] b = bytes.clone();
                b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80)); // not UTF-8 as it stands
                return b;
            }
            case 3: {
                String s = new String(bytes, StandardCharsets.UTF_8);
                return (s + (random.nextBoolean() ? " {}" : "x")).getBytes(StandardCharsets.UTF_8);
            }
            default: {
                int cut = random.nextInt(bytes.length);
                byte[] b = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, b, 0, cut);
                System.arraycopy(bytes, cut + 1, b, cut, bytes.length - cut - 1);
                return b;
            }
        }
    }

    private static String randomObject(Random random) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            object(g, random, 0);
        }
        String json = out.toString();
        // jackson writes no blanks: add some where JSON allows them
        return random.nextInt(4) == 0 ? json.replace(",", " ,\t").replace(":", ": ") : json;
    }

    private static void object(JsonGenerator g, Random random, int depth) throws IOException {
        g.writeStartObject();
        int fields = random.nextInt(depth == 0 ? 8 : 4);
        if (depth == 0 && random.nextBoolean()) {
            g.writeStringField("@timestamp", random.nextBoolean() ? "2026-12-06T02:21:40.647176117Z" : "not a time");
        }
        java.util.Set<String> used = new java.util.HashSet<>(List.of("@timestamp"));
        for (int i = 0; i < fields; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (used.add(name)) { // no key twice in one object: JSON leaves what that means open
                g.writeFieldName(name);
                value(g, random, depth + 1);
            }
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Random random, int depth) throws IOException {
        int kind = random.nextInt(depth > 6 ? 8 : 11);
        switch (kind) {
            case 0:
                g.writeString("plain" + random.nextInt(5));
                break;
            case 1:
                g.writeString(random.nextBoolean() ? "quote\"and\\back\tslash" : "é ü 漢字");
                break;
            case 2:
                g.writeNumber(random.nextInt(2_000_000) - 1_000_000);
                break;
            case 3:
                g.writeNumber(random.nextLong());
                break;
            case 4:
                g.writeNumber(random.nextDouble() * 1000);
                break;
            case 5:
                g.writeNumber(new java.math.BigInteger("123456789012345678901234"));
                break;
            case 6:
                g.writeBoolean(random.nextBoolean());
                break;
            case 7:
                g.writeNull();
                break;
            case 8:
            case 9:
                object(g, random, depth);
                break;
            default: {
                g.writeStartArray();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    value(g, random, depth + 1);
                }
                g.writeEndArray();
            }
        }
    }

}
