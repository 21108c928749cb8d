package io.eventweave.benchmarks.pipeline;

import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import java.util.concurrent.locks.LockSupport;

/**
 * Ours: {@link Emit#httpClientRequest} into the ring of the agent this JVM was started with ({@code -javaagent}); the
 * agent's drainer writes the file. The runtime classes resolve to the agent's copy on the bootstrap class path.
 */
final class EventweavePipeline implements Pipeline {
    EventweavePipeline() {
        if (!awaitRing()) {
            throw new IllegalStateException("the eventweave contender needs -javaagent:agent/target/eventweave-agent.jar");
        }
    }

    /**
     * Whether the agent's ring is open, after waiting up to 10 s for it: the agent opens it on a thread of its own
     * while the application starts, so {@code main} may run first.
     */
    static boolean awaitRing() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Emit.capacity() == 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000L);
        }
        return Emit.capacity() > 0;
    }

    @Override
    public void emit() {
        long startNanos = System.nanoTime();
        HttpEvents.clientRequest(EventValues.PROVIDER, EventValues.METHOD, EventValues.SCHEME, EventValues.HOST,
                EventValues.PORT, EventValues.PATH, EventValues.STATUS, 0, null, startNanos,
                startNanos + EventValues.DURATION_NANOS, EventValues.TRACE);
    }

    @Override
    public boolean hasRoomFor(int events) {
        return Emit.queued() + events <= Emit.capacity();
    }

    /**
     * The drainer has taken every event once the ring is empty; it writes each batch to the file before it takes the
     * next, so at most the last batch (a few hundred KB) is still in its buffer when this returns.
     */
    @Override
    public void awaitIdle() {
        while (Emit.queued() > 0) {
            LockSupport.parkNanos(100_000L);
        }
    }

    /** The agent writes its last lines at JVM exit; the events themselves are written once the ring is empty. */
    @Override
    public void close() {
        awaitIdle();
    }
}
