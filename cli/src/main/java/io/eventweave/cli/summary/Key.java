package io.eventweave.cli.summary;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A key of the summary's tables (service, host, port, method, path; or service and a policy's name), as a list. One
 * instance per table is filled again for each event to look the entry up ({@link #probe}); only a key not there yet
 * is copied into the table ({@link #copy}), so that a summary of a billion events makes a few thousand keys. Its
 * hash is its parts' hashes, which the strings read from the lines (mostly the same instances) keep cached.
 */
final class Key extends AbstractList<Object> implements RandomAccess {
    private final Object[] parts;
    private int hash;

    private Key(Object[] parts) {
        this.parts = parts;
        this.hash = Arrays.hashCode(parts);
    }

    /** A key for look-ups of {@code size} parts, set with {@link #set}. */
    static Key probe(int size) {
        return new Key(new Object[size]);
    }

    static Key of(Object... parts) {
        return new Key(parts.clone());
    }

    Key set(Object a, Object b) {
        parts[0] = a;
        parts[1] = b;
        hash = Arrays.hashCode(parts);
        return this;
    }

    Key set(Object a, Object b, Object c) {
        parts[0] = a;
        parts[1] = b;
        parts[2] = c;
        hash = Arrays.hashCode(parts);
        return this;
    }

    Key set(Object a, Object b, Object c, Object d, Object e) {
        parts[0] = a;
        parts[1] = b;
        parts[2] = c;
        parts[3] = d;
        parts[4] = e;
        hash = Arrays.hashCode(parts);
        return this;
    }

    /** A key of its own, for the table. */
    Key copy() {
        return new Key(parts.clone());
    }

    @Override
    public Object get(int index) {
        return parts[index];
    }

    @Override
    public int size() {
        return parts.length;
    }

    @Override
    public int hashCode() {
        return hash; // Arrays.hashCode is List.hashCode
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof Key key) {
            if (key.hash != hash || key.parts.length != parts.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                Object a = parts[i];
                Object b = key.parts[i];
                if (a != b && (a == null || !a.equals(b))) {
                    return false;
                }
            }
            return true;
        }
        return other instanceof List && super.equals(other);
    }
}
