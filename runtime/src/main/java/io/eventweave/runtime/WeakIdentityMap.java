package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A concurrent map keyed by object identity that does not keep its keys alive. It never calls {@code hashCode()} or
 * {@code equals()} on a key (the application never notices us): identity hash and {@code ==} only.
 *
 * <p>{@link #get} is what advice calls on every event, so it allocates nothing and takes no lock: it walks a bucket's
 * chain of immutable entries. Writers ({@link #putIfAbsent}, once per library object) are serialised on the map and
 * replace a chain copy-on-write. Memory ordering: a writer publishes a bucket's new head with a release store into
 * the table, a reader takes it with an acquire load; entries are immutable, so that edge makes the whole chain
 * visible. The table itself is a volatile field, replaced whole when it grows.
 */
public final class WeakIdentityMap<V> {
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final int INITIAL_CAPACITY = 64;

    private volatile Entry<V>[] table = newTable(INITIAL_CAPACITY);
    /**
     * Entries in the table, live or cleared; written under {@code this}. Volatile so that {@link #get} can answer an
     * empty map without hashing the key: {@code System.identityHashCode} of an object that has no hash yet installs
     * one in its header, which costs more than the rest of a look-up (a fork/join task's, per task).
     */
    private volatile int size;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        final Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int capacity) {
        return (Entry<V>[]) new Entry<?>[capacity];
    }

    /** The value for {@code key}, or null; no allocation, no lock. */
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (size == 0) {
            return null;
        }
        Entry<V>[] t = table;
        int hash = System.identityHashCode(key);
        for (Entry<V> e = (Entry<V>) BUCKETS.getAcquire(t, hash & (t.length - 1)); e != null; e = e.next) {
            if (e.hash == hash && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** Stores {@code value} unless {@code key} has one; returns the value that was there, or null. */
    public synchronized V putIfAbsent(Object key, V value) {
        expunge();
        V existing = get(key);
        if (existing != null) {
            return existing;
        }
        if (size >= table.length * 3 / 4) {
            grow();
        }
        Entry<V>[] t = table;
        int hash = System.identityHashCode(key);
        int index = hash & (t.length - 1);
        @SuppressWarnings("unchecked")
        Entry<V> head = (Entry<V>) BUCKETS.getAcquire(t, index);
        BUCKETS.setRelease(t, index, new Entry<>(key, hash, value, head, queue));
        size++;
        return null;
    }

    /** Doubles the table, leaving cleared entries behind (the old table stays valid for readers still on it). */
    private void grow() {
        Entry<V>[] old = table;
        Entry<V>[] bigger = newTable(old.length * 2);
        int live = 0;
        for (Entry<V> head : old) {
            for (Entry<V> e = head; e != null; e = e.next) {
                Object key = e.get();
                if (key != null) {
                    int index = e.hash & (bigger.length - 1);
                    bigger[index] = new Entry<>(key, e.hash, e.value, bigger[index], queue);
                    live++;
                }
            }
        }
        size = live;
        table = bigger; // volatile store: publishes the filled array
    }

    /** Drops entries whose keys were collected: their buckets' chains are copied without them. */
    @SuppressWarnings("unchecked")
    private void expunge() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) {
            Entry<V> gone = (Entry<V>) ref;
            Entry<V>[] t = table;
            int index = gone.hash & (t.length - 1);
            Entry<V> head = (Entry<V>) BUCKETS.getAcquire(t, index);
            Entry<V> rebuilt = null;
            boolean found = false;
            for (Entry<V> e = head; e != null; e = e.next) {
                if (e == gone) {
                    found = true;
                    continue;
                }
                Object key = e.get();
                if (key != null) {
                    rebuilt = new Entry<>(key, e.hash, e.value, rebuilt, queue);
                }
            }
            if (found) {
                BUCKETS.setRelease(t, index, rebuilt);
                size--;
            }
        }
    }
}
