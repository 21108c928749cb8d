package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event with only the fields a command reads: no map is built, every other field is skipped unread, and the
 * instance is filled again for the next line (one per thread). The fast path of {@code summary} over large inputs.
 *
 * <p>Two ways to fill it, with the same result:
 * <ul>
 *   <li>{@link #scan}: a line of plain ASCII whose strings hold no escape (every line the agent writes about its
 *       own events) is read here byte by byte, the JSON grammar checked as it goes. Anything else (an escape, a
 *       byte past ASCII, a number that is not a plain integer in a wanted field, a key with a dot, deep nesting, a
 *       line that is not JSON) makes it give up on the line, which then goes to jackson.</li>
 *   <li>{@link #read}: jackson's token stream, for every other line, and the judge of a broken one.</li>
 * </ul>
 * Why not jackson alone: on 2 cores, a 1 GB summary spent about half its time waiting for the JIT to settle
 * jackson's large methods ({@code UTF8StreamJsonParser.nextToken} was compiled seven times as rare branches turned
 * up), measured with {@code -XX:+PrintCompilation} and the flight recorder; this scanner's few small methods settle
 * at once. {@code FieldsEventTest} checks both ways against each other on every kind of line.
 *
 * <p>The wanted paths form a tree of name segments. A key that itself holds a dot ({@code {"labels":{"a.b":1}}}) is
 * found too, as {@link EventRecord#get} finds it. A key repeated within one object, which JSON leaves undefined and
 * the agent never writes, gives each wanted path the last value it met.
 */
public final class FieldsEvent implements EventView {
    /** The value of a wanted path that holds an object: not a scalar (only {@code EXISTS} holds for it). */
    private static final Object OBJECT = Map.of();
    /** The value of a wanted path that holds an array. */
    private static final Object ARRAY = List.of();
    /** The value of a wanted path that holds a whole number, kept unboxed in {@link #longs}. */
    private static final Object LONG = new Object();
    /**
     * The value of a wanted path that holds a string not read yet: where it is in {@link #line}, in {@link #longs}
     * (start and end offsets). Made a {@code String} when asked for.
     */
    private static final Object TEXT = new Object();
    /** What {@link #scan} returns for a line it leaves to jackson. */
    public static final int GIVE_UP = -1;
    /** Deeper objects and arrays than this are left to jackson. */
    private static final int MAX_DEPTH = 32;
    /** The strings a slot keeps at first ({@link #recent}), and at most ({@link #judge}). */
    private static final int RECENT = 64;
    private static final int RECENT_MOST = 4096;
    /** The bytes that end a string on the fast path: its quote, or one it leaves to jackson. */
    private static final boolean[] STRING_END = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            STRING_END[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
        }
    }

    /** A name segment of the wanted paths: its children, and its slot when a path ends here. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        /** The children again, their names as bytes, for {@link #scan}. */
        byte[][] names = new byte[0][];
        Node[] nodes = new Node[0];
        int slot = -1;

        Node child(String segment) {
            Node child = children.get(segment);
            if (child == null) {
                child = new Node();
                children.put(segment, child);
                List<byte[]> n = new ArrayList<>(List.of(names));
                n.add(segment.getBytes(StandardCharsets.UTF_8));
                names = n.toArray(new byte[0][]);
                List<Node> c = new ArrayList<>(List.of(nodes));
                c.add(child);
                nodes = c.toArray(new Node[0]);
            }
            return child;
        }

        /**
         * The children by {@link #bucket} of their names: the index in {@link #names} + 1, 0 for none, -1 when two
         * names share the bucket (then every child is compared).
         */
        final int[] buckets = new int[64];

        /** The child named by {@code bytes[from, to)}, or null. */
        Node child(byte[] bytes, int from, int to) {
            if (from == to) {
                return linear(bytes, from, to);
            }
            int i = buckets[bucket(to - from, bytes[from], bytes[to - 1])];
            if (i > 0) {
                byte[] name = names[i - 1];
                return same(name, bytes, from, to) ? nodes[i - 1] : null;
            }
            return i == 0 ? null : linear(bytes, from, to);
        }

        private Node linear(byte[] bytes, int from, int to) {
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i];
                if (same(name, bytes, from, to)) {
                    return nodes[i];
                }
            }
            return null;
        }

        static int bucket(int length, byte first, byte last) {
            return (length ^ (first << 1) ^ (last << 3)) & 63;
        }

        void index() {
            Arrays.fill(buckets, 0);
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i];
                if (name.length == 0) {
                    continue;
                }
                int b = bucket(name.length, name[0], name[name.length - 1]);
                buckets[b] = buckets[b] == 0 ? i + 1 : -1;
            }
            for (Node child : nodes) {
                child.index();
            }
        }
    }

    private final Node root = new Node();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Object[] values;
    private final long[] longs;
    /** The bytes the scanned line is in: valid until the next line is scanned. */
    private byte[] line;
    /** The slots set for the current line, to clear them for the next. */
    private final int[] set;
    private int setCount;
    /**
     * Per slot, the strings it held lately, by hash: most wanted fields repeat a few values (a service's name, a
     * process's id, an outcome, a host), which are then neither decoded into a new {@code String} nor hashed again
     * as map keys. A value not there costs one hash over its characters more than without the cache. A slot whose
     * values miss too often gets a larger table, and one whose values rarely repeat stops looking ({@link #judge}).
     */
    private final String[][] recent;
    /** The bytes of the strings in {@link #recent}, compared with a value before it is decoded. */
    private final byte[][][] recentBytes;
    /**
     * Per slot, how often a value was looked for in {@link #recent} by its hash, and found, since the slot was last
     * judged ({@link #judge}); {@code tries} -1 when the slot gave up.
     */
    private final int[] tries;
    private final int[] hits;
    /** Per slot, the place in {@link #recent} of the value it had last. */
    private final int[] lastHit;
    /** Per slot, the size of its table in {@link #recent} less one (a power of two less one). */
    private final int[] recentMask;
    private static final int TRIAL = 1024;
    /**
     * The paths given to the constructor by identity, open addressing: callers ask with the same constant strings,
     * which then cost no hashing of their text. Another instance of an equal path goes through {@link #slots}.
     */
    private final String[] pathKeys;
    private final int[] pathSlots;
    /** The slot of {@code @timestamp}, read into {@link #timestamp} without a {@code String}, or -1. */
    private final int timestampSlot;
    private final Chars timestampChars = new Chars();
    private long timestamp = Timestamps.INVALID;
    /** The epoch second of the last agent-form timestamp read in full, and its first 19 characters. */
    private long lastSecond = Timestamps.NOT_AN_INSTANT;
    private byte[] lastSecondText = new byte[19];
    /**
     * The one read in full before it, and its text: lines around a second's turn come in both orders (an event's
     * time is its start, and calls end in another order than they began), 15-18 % of the B10 flood's lines.
     */
    private long secondBefore = Timestamps.NOT_AN_INSTANT;
    private byte[] secondBeforeText = new byte[19];
    /** Where {@link #scan} is: the cursor of the line being scanned. */
    private int at;

    /** @param paths the dotted paths {@link #get} will be asked for; asking for another is an error */
    public FieldsEvent(Collection<String> paths) {
        Set<String> unique = new LinkedHashSet<>(paths);
        for (String path : unique) {
            Node node = root;
            for (String segment : path.split("\\.", -1)) {
                node = node.child(segment);
            }
            node.slot = slots.size();
            slots.put(path, node.slot);
        }
        root.index();
        int table = Integer.highestOneBit(Math.max(4, unique.size()) * 4);
        pathKeys = new String[table];
        pathSlots = new int[table];
        for (String path : unique) {
            int index = System.identityHashCode(path) & (table - 1);
            while (pathKeys[index] != null) {
                index = (index + 1) & (table - 1);
            }
            pathKeys[index] = path;
            pathSlots[index] = slots.get(path);
        }
        values = new Object[slots.size()];
        longs = new long[slots.size()];
        recentBytes = new byte[slots.size()][RECENT][];
        recentMask = new int[slots.size()];
        Arrays.fill(recentMask, RECENT - 1);
        tries = new int[slots.size()];
        lastHit = new int[slots.size()];
        hits = new int[slots.size()];
        set = new int[slots.size()];
        recent = new String[slots.size()][RECENT];
        Integer ts = slots.get("@timestamp");
        timestampSlot = ts == null ? -1 : ts;
        if (timestampSlot >= 0) {
            tries[timestampSlot] = -1; // timestamps never repeat: their text is never looked for among recent ones
        }
    }

    private void clear() {
        for (int i = 0; i < setCount; i++) {
            values[set[i]] = null;
        }
        setCount = 0;
        timestamp = Timestamps.INVALID;
    }

    // ------------------------------------------------------------------------------------------ the fast path

    /**
     * Reads the line starting at {@code bytes[from]} if it is plain ASCII JSON without escapes: one object, then
     * optional blanks and its newline (or {@code to}).
     *
     * @return the offset of the next line, or {@link #GIVE_UP} (the event is then undefined: read it with jackson)
     */
    public int scan(byte[] bytes, int from, int to) {
        clear();
        int p = blanks(bytes, from, to);
        if (p >= to || bytes[p] != '{') {
            return GIVE_UP;
        }
        at = p + 1;
        if (!object(bytes, to, root, 1)) {
            return GIVE_UP;
        }
        p = blanks(bytes, at, to);
        if (p == to) {
            return to;
        }
        return bytes[p] == '\n' ? p + 1 : GIVE_UP;
    }

    /** An object's members after its '{', through its '}'; {@code node} null when nothing in it is wanted. */
    private boolean object(byte[] b, int to, Node node, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        int p = whitespace(b, at, to);
        if (p < to && b[p] == '}') {
            at = p + 1;
            return true;
        }
        for (;;) {
            if (p >= to || b[p] != '"') {
                return false;
            }
            int nameEnd = stringEnd(b, p + 1, to);
            if (nameEnd < 0) {
                return false;
            }
            Node child = null;
            if (node != null) {
                child = node.child(b, p + 1, nameEnd);
                if (child == null && contains(b, p + 1, nameEnd, (byte) '.')) {
                    return false; // a dotted key: jackson's path finds it
                }
            }
            p = whitespace(b, nameEnd + 1, to);
            if (p >= to || b[p] != ':') {
                return false;
            }
            p = whitespace(b, p + 1, to);
            if (p >= to) {
                return false;
            }
            int slot = child == null ? -1 : child.slot;
            byte c = b[p];
            if (c == '{') {
                if (slot >= 0) {
                    put(slot, OBJECT);
                }
                at = p + 1;
                if (!object(b, to, child == null || child.nodes.length == 0 ? null : child, depth + 1)) {
                    return false;
                }
            } else if (c == '[') {
                if (slot >= 0) {
                    put(slot, ARRAY);
                }
                at = p + 1;
                if (!array(b, to, depth + 1)) {
                    return false;
                }
            } else if (!scalar(b, p, to, slot)) {
                return false;
            }
            p = whitespace(b, at, to);
            if (p >= to) {
                return false;
            }
            if (b[p] == '}') {
                at = p + 1;
                return true;
            }
            if (b[p] != ',') {
                return false;
            }
            p = whitespace(b, p + 1, to);
        }
    }

    /** An array's elements after its '[', through its ']': checked and skipped. */
    private boolean array(byte[] b, int to, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        int p = whitespace(b, at, to);
        if (p < to && b[p] == ']') {
            at = p + 1;
            return true;
        }
        for (;;) {
            if (p >= to) {
                return false;
            }
            byte c = b[p];
            at = p + 1;
            if (c == '{' ? !object(b, to, null, depth + 1) : c == '[' ? !array(b, to, depth + 1)
                    : !scalar(b, p, to, -1)) {
                return false;
            }
            p = whitespace(b, at, to);
            if (p >= to) {
                return false;
            }
            if (b[p] == ']') {
                at = p + 1;
                return true;
            }
            if (b[p] != ',') {
                return false;
            }
            p = whitespace(b, p + 1, to);
        }
    }

    /** A string, number, true, false or null at {@code b[p]}, into {@code slot} if it is wanted (>= 0). */
    private boolean scalar(byte[] b, int p, int to, int slot) {
        byte c = b[p];
        if (c == '"') {
            int end = stringEnd(b, p + 1, to);
            if (end < 0) {
                return false;
            }
            if (slot >= 0) {
                // where the text is, not the text: most lines are never asked for most of their strings
                put(slot, TEXT);
                longs[slot] = (long) (p + 1) << 32 | end;
                line = b;
                if (slot == timestampSlot) {
                    timestamp(b, p + 1, end);
                }
            }
            at = end + 1;
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(b, p, to, slot);
        }
        Object literal;
        int length;
        if (c == 't' && literal(b, p, to, "true")) {
            literal = Boolean.TRUE;
            length = 4;
        } else if (c == 'f' && literal(b, p, to, "false")) {
            literal = Boolean.FALSE;
            length = 5;
        } else if (c == 'n' && literal(b, p, to, "null")) {
            literal = null;
            length = 4;
        } else {
            return false;
        }
        if (slot >= 0) {
            put(slot, literal);
        }
        at = p + length;
        return true;
    }

    /**
     * A JSON number. A wanted one must be a whole number of at most 18 digits (a long, exactly); a fraction or an
     * exponent in a wanted field is left to jackson, which reads it as a double.
     */
    private boolean number(byte[] b, int p, int to, int slot) {
        int i = p;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int digits = i;
        long value = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i] - '0');
            i++;
        }
        int count = i - digits;
        if (count == 0 || (count > 1 && b[digits] == '0')) {
            return false; // no digit, or a leading zero: jackson names the fault
        }
        boolean whole = true;
        if (i < to && b[i] == '.') {
            whole = false;
            int fraction = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == fraction) {
                return false;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            whole = false;
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponent = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        if (slot >= 0) {
            if (!whole || count > 18) {
                return false;
            }
            longs[slot] = negative ? -value : value;
            put(slot, LONG);
        }
        at = i;
        return true;
    }

    private static boolean literal(byte[] b, int p, int to, String word) {
        if (p + word.length() > to) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[p + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset of the closing quote of a string whose first character is at {@code p}, or -1 for a string this
     * path does not read: an escape, a control character, a byte past ASCII, no closing quote.
     */
    private static int stringEnd(byte[] b, int p, int to) {
        for (int i = p; i < to; i++) {
            byte c = b[i];
            if (STRING_END[c & 0xFF]) {
                return c == '"' ? i : -1;
            }
        }
        return -1;
    }

    /**
     * Whether {@code bytes[from, to)} holds {@code expected}. From 16 bytes on (an instance id, a path, an error
     * type), {@code Arrays.equals}: the JDK's {@code vectorizedMismatch} is an intrinsic of the client compiler too
     * (the batch JVM's only one), 2.7 times faster for 36 bytes; below that its set-up costs more than a plain loop
     * (a scratch loop under {@code -XX:TieredStopAtLevel=1}, 20 million comparisons per length).
     */
    static boolean same(byte[] expected, byte[] bytes, int from, int to) {
        int length = expected.length;
        if (length != to - from) {
            return false;
        }
        if (length >= 16) {
            return Arrays.equals(expected, 0, length, bytes, from, to);
        }
        for (int i = 0; i < length; i++) {
            if (expected[i] != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * JSON's whitespace within one line: a newline inside an object means the line ends there, and that line is
     * broken, which jackson, reading that line alone, says.
     */
    private static int whitespace(byte[] b, int p, int to) {
        // small enough for the client compiler to inline (under 35 bytes of bytecode): the usual case, no blank
        // at all between two tokens (every line the agent writes), costs no call
        return p < to && b[p] > ' ' ? p : blanks(b, p, to);
    }

    /** Blanks within the line (not its newline). */
    private static int blanks(byte[] b, int p, int to) {
        // one load and one test for the usual case, a byte that is no blank: the client compiler reads b[p] again
        // for each comparison of an || chain
        while (p < to) {
            byte c = b[p];
            if (c > ' ' || (c != ' ' && c != '\t' && c != '\r')) {
                return p;
            }
            p++;
        }
        return p;
    }

    private static boolean contains(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * An ASCII string value, from {@link #recent} when it was there. A slot whose values rarely repeat even in its
     * largest table (a timestamp, an id) stops looking, and makes a new string each time.
     */
    private String text(byte[] b, int from, int to, int slot) {
        int length = to - from;
        if (tries[slot] < 0) {
            return new String(b, from, length, StandardCharsets.ISO_8859_1); // gave up on this slot
        }
        // the value this slot had last, first: one comparison, no hash, for the values lines repeat
        int last = lastHit[slot];
        byte[] repeated = recentBytes[slot][last];
        if (repeated != null && same(repeated, b, from, to)) {
            return recent[slot][last];
        }
        int hash = length;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + b[i];
        }
        int index = (hash ^ (hash >>> 16)) & recentMask[slot];
        lastHit[slot] = index;
        byte[] cached = recentBytes[slot][index];
        String text;
        if (cached != null && same(cached, b, from, to)) {
            hits[slot]++;
            text = recent[slot][index];
        } else {
            text = new String(b, from, length, StandardCharsets.ISO_8859_1);
            recentBytes[slot][index] = Arrays.copyOfRange(b, from, to);
            recent[slot][index] = text;
        }
        if (++tries[slot] == TRIAL) {
            judge(slot);
        }
        return text;
    }

    /**
     * After each {@value #TRIAL} look-ups of a slot: more than one in eight missed, its table grows 8 times (values
     * that share a place in it push each other out: B10's 24 downstream hosts in 64 places missed often enough to
     * make 39 MB of strings); at the largest size, fewer than half found makes it give up.
     */
    private void judge(int slot) {
        int found = hits[slot];
        tries[slot] = 0;
        hits[slot] = 0;
        if ((TRIAL - found) * 8 <= TRIAL) {
            return;
        }
        if (recentMask[slot] + 1 < RECENT_MOST) {
            int size = (recentMask[slot] + 1) * 8;
            recentMask[slot] = size - 1;
            recent[slot] = new String[size];
            recentBytes[slot] = new byte[size][];
            lastHit[slot] = 0;
        } else if (found * 2 < TRIAL) {
            tries[slot] = -1;
            recent[slot] = new String[1];
            recentBytes[slot] = new byte[1][];
            lastHit[slot] = 0;
        }
    }

    /**
     * {@code @timestamp} as the agent writes it ({@code 2026-12-06T02:21:40.647176117Z}): when its date and time to
     * the second are the last one's, only the nanoseconds are read (most lines of a file share their second).
     */
    private void timestamp(byte[] b, int from, int to) {
        boolean agentForm = to - from == 30 && b[from + 19] == '.' && b[to - 1] == 'Z';
        if (agentForm) {
            long second = secondSeen(b, from);
            if (second != Timestamps.NOT_AN_INSTANT) {
                int nanos = 0;
                for (int i = from + 20; i < from + 29; i++) {
                    int digit = b[i] - '0';
                    if (digit < 0 || digit > 9) {
                        nanos = -1;
                        break;
                    }
                    nanos = nanos * 10 + digit;
                }
                if (nanos >= 0) {
                    timestamp = second * 1_000_000_000L + nanos;
                    return;
                }
            }
        }
        timestampChars.set(b, from, to - from);
        timestamp = Timestamps.nanos(timestampChars);
        if (agentForm && timestamp != Timestamps.INVALID) {
            // the second read in full becomes the last one, the last one the one before
            secondBefore = lastSecond;
            byte[] text = secondBeforeText;
            secondBeforeText = lastSecondText;
            lastSecondText = text;
            lastSecond = Timestamps.epochSecond(timestampChars);
            System.arraycopy(b, from, lastSecondText, 0, 19);
        }
    }

    /** The epoch second of an agent-form timestamp when it is one of the last two read in full, else none. */
    private long secondSeen(byte[] b, int from) {
        if (lastSecond != Timestamps.NOT_AN_INSTANT && sameSecond(lastSecondText, b, from)) {
            return lastSecond;
        }
        if (secondBefore != Timestamps.NOT_AN_INSTANT && sameSecond(secondBeforeText, b, from)) {
            return secondBefore;
        }
        return Timestamps.NOT_AN_INSTANT;
    }

    private static boolean sameSecond(byte[] text, byte[] b, int from) {
        // the seconds digits first: they are what changes
        for (int i = 18; i >= 0; i--) {
            if (text[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ jackson

    /**
     * Reads one root object with jackson: {@code parser} is at its {@code START_OBJECT}, and is left at its
     * {@code END_OBJECT}. The fields of the line read before are cleared first.
     */
    public void read(JsonParser parser) throws IOException {
        clear();
        object(parser, root);
    }

    private void object(JsonParser parser, Node node) throws IOException {
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            Node child = node.children.get(name);
            if (child == null && name.indexOf('.') >= 0) {
                child = dotted(node, name);
            }
            if (child == null) {
                parser.skipChildren(); // a scalar: nothing to skip, and its text is never decoded
                continue;
            }
            if (token == JsonToken.START_OBJECT) {
                if (child.slot >= 0) {
                    put(child.slot, OBJECT);
                }
                if (child.children.isEmpty()) {
                    parser.skipChildren();
                } else {
                    object(parser, child);
                }
            } else if (token == JsonToken.START_ARRAY) {
                if (child.slot >= 0) {
                    put(child.slot, ARRAY);
                }
                parser.skipChildren();
            } else if (child.slot < 0) {
                continue;
            } else if (token == JsonToken.VALUE_STRING) {
                if (child.slot == timestampSlot) {
                    put(timestampSlot, timestampChars);
                    timestampChars.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    timestamp = Timestamps.nanos(timestampChars);
                } else {
                    put(child.slot, parser.getText());
                }
            } else {
                put(child.slot, JsonLines.scalar(parser, token));
            }
        }
    }

    /** The node a dotted key leads to ({@code "a.b"} is {@code a}, then {@code b}), or null. */
    private static Node dotted(Node node, String name) {
        for (String segment : name.split("\\.", -1)) {
            node = node.children.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    // ------------------------------------------------------------------------------------------ the values

    /** {@code value} into {@code slot}; null (JSON's null) clears it, as a repeated key's last value wins. */
    private void put(int slot, Object value) {
        if (slot == timestampSlot) {
            timestamp = Timestamps.INVALID; // set again by the caller when the value is a timestamp's text
        }
        if (values[slot] == null) {
            if (value == null) {
                return;
            }
            set[setCount++] = slot;
        }
        values[slot] = value;
    }

    private int slot(String path) {
        int mask = pathKeys.length - 1;
        for (int index = System.identityHashCode(path) & mask; pathKeys[index] != null; index = (index + 1) & mask) {
            if (pathKeys[index] == path) {
                return pathSlots[index];
            }
        }
        Integer slot = slots.get(path);
        if (slot == null) {
            throw new IllegalArgumentException("not read from the lines: " + path);
        }
        return slot;
    }

    /** @throws IllegalArgumentException for a path not given to the constructor: a reader that forgot to ask for it */
    @Override
    public Object get(String path) {
        int slot = slot(path);
        Object value = values[slot];
        if (value == TEXT) {
            long where = longs[slot];
            String text = text(line, (int) (where >>> 32), (int) where, slot);
            values[slot] = text;
            return text;
        }
        return value == LONG ? (Object) longs[slot] : value instanceof Chars ? value.toString() : value;
    }

    @Override
    public long number(String path, long absent) {
        int slot = slot(path);
        Object value = values[slot];
        return value == LONG ? longs[slot] : value instanceof Long ? (Long) value : absent;
    }

    @Override
    public long timestampNanos() {
        if (timestampSlot < 0) {
            throw new IllegalArgumentException("not read from the lines: @timestamp");
        }
        return timestamp;
    }

    /** A copy of a string value's characters, made a {@code String} only when asked for. */
    private static final class Chars implements CharSequence {
        private char[] chars = new char[40];
        private int length;

        void set(char[] from, int offset, int count) {
            ensure(count);
            System.arraycopy(from, offset, chars, 0, count);
            length = count;
        }

        void set(byte[] from, int offset, int count) {
            ensure(count);
            for (int i = 0; i < count; i++) {
                chars[i] = (char) from[offset + i];
            }
            length = count;
        }

        private void ensure(int count) {
            if (chars.length < count) {
                chars = new char[count];
            }
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return chars[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, 0, length);
        }
    }
}
