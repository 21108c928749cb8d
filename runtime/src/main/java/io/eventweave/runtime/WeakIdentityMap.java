package io.eventweave.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map keyed by object identity that does not keep its keys alive. It never calls {@code hashCode()} or
 * {@code equals()} on a key (rule 1 of the guide): identity hash and {@code ==} only.
 */
public final class WeakIdentityMap<V> {
    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    public V get(Object key) {
        return map.get(new Lookup(key));
    }

    public V putIfAbsent(Object key, V value) {
        expunge();
        return map.putIfAbsent(new WeakKey(key, queue), value);
    }

    private void expunge() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) {
            map.remove(ref);
        }
    }

    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object mine = get();
            if (other instanceof WeakKey) {
                return mine != null && mine == ((WeakKey) other).get();
            }
            return other instanceof Lookup && mine != null && mine == ((Lookup) other).referent;
        }
    }

    /** A short-lived key for look-ups. */
    private static final class Lookup {
        private final Object referent;
        private final int hash;

        Lookup(Object referent) {
            this.referent = referent;
            hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WeakKey && ((WeakKey) other).get() == referent;
        }
    }
}
