package io.eventweave.agent.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The escaped UTF-8 bytes (jackson's {@link JsonStringEncoder}, quotes not included) of short strings the drainer
 * writes again and again: method, scheme, host, provider, error type are mostly the same String objects event after
 * event, so each is escaped once instead of once per line.
 *
 * <p>Direct-mapped, {@value #SIZE} entries indexed by {@link String#hashCode()} (cached in the String), matched by
 * identity first and by content otherwise, so an entry can never answer for a different string. A string is admitted
 * the second time it is seen in its entry, and replaces the string there only if that one was not used since the
 * last attempt (a second chance): values that never repeat (paths built per request) cost no allocation, and two
 * busy strings that share an entry do not evict each other back and forth (the one not cached is escaped by the
 * generator as usual). Strings with a surrogate pair are never cached: jackson's generator writes the pair as two
 * {@code \\u} escapes, and the cached bytes must be exactly what it writes. Holds at most 2 × {@value #SIZE} short
 * strings. Drainer thread only.
 */
final class QuotedStringCache {
    static final int SIZE = 256;
    /** Longer strings are not cached (bounded memory; their escaping cost is dominated by the copy anyway). */
    static final int MAX_LENGTH = 128;

    private final String[] keys = new String[SIZE];
    private final byte[][] escaped = new byte[SIZE][];
    /** The last string seen once in each entry and not admitted yet. */
    private final String[] candidates = new String[SIZE];
    /** Whether the entry's string was used since a candidate last tried to replace it. */
    private final boolean[] used = new boolean[SIZE];

    /** The escaped bytes of {@code value}, or null when it is not cached (yet): the caller escapes it itself. */
    byte[] get(String value) {
        if (value.length() > MAX_LENGTH) {
            return null;
        }
        int index = value.hashCode() & (SIZE - 1);
        String key = keys[index];
        if (key == value || value.equals(key)) {
            used[index] = true;
            return escaped[index];
        }
        String candidate = candidates[index];
        if (candidate != value && !value.equals(candidate)) {
            candidates[index] = value;
            return null;
        }
        if (used[index]) { // seen twice, but the entry's string is busy too: it stays, for now
            used[index] = false;
            return null;
        }
        if (hasSurrogate(value)) {
            return null; // the generator writes a surrogate pair as two escapes, quoteAsUTF8 as 4 UTF-8 bytes
        }
        escaped[index] = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        keys[index] = value;
        candidates[index] = null;
        return escaped[index];
    }

    private static boolean hasSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
