package io.eventweave.benchmarks.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * The anchor: a Log4j2 asynchronous logger (LMAX Disruptor ring, one background thread) with JsonTemplateLayout
 * writing the same JSON line to a RandomAccessFile (resources {@code log4j2-benchmark.xml},
 * {@code benchmark-event-template.json}). The ten values travel as the message's parameters, the way an application
 * logs structured values; the template places them. Log4j2 reads its own clock for the timestamp.
 */
final class Log4j2Pipeline implements Pipeline {
    private static final Object PORT = EventValues.PORT;
    private static final Object STATUS = EventValues.STATUS;
    private static final Object DURATION = EventValues.DURATION_NANOS;

    private final Logger logger = LogManager.getLogger("io.eventweave.benchmarks");
    private final AsyncLoggerContext context = (AsyncLoggerContext) LogManager.getContext(false);
    private final RingBufferAdmin ring = context.createRingBufferAdmin();

    Log4j2Pipeline() {
        if (!"org.apache.logging.log4j.core.async.AsyncLoggerContextSelector".equals(
                System.getProperty("log4j2.contextSelector"))) {
            throw new IllegalStateException("the log4j2 contender needs "
                    + "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
        }
    }

    @Override
    public void emit() {
        logger.info("http.client.request", EventValues.METHOD, EventValues.SCHEME, EventValues.HOST, PORT,
                EventValues.PATH, STATUS, null, DURATION, EventValues.TRACE_ID, EventValues.SPAN_ID);
    }

    /**
     * Log4j2's own view of its ring (the one its JMX bean shows). Its default policy would make a producer wait on a
     * full ring by itself, but with two producers Log4j2 2.26.1 + Disruptor 4.0.0 lost about half of the events on
     * that path here (every run; one producer lost none), so its producers pace themselves exactly like ours.
     */
    @Override
    public boolean hasRoomFor(int events) {
        return ring.getRemainingCapacity() >= events;
    }

    @Override
    public void awaitIdle() {
        while (ring.getRemainingCapacity() < ring.getBufferSize()) {
            LockSupport.parkNanos(100_000L);
        }
    }

    /**
     * Stops the logger context: Log4j2 drains its ring, then flushes and closes the file. (Stopped directly:
     * {@code LogManager.shutdown()} finds no context to stop under {@code AsyncLoggerContextSelector} here.)
     */
    @Override
    public void close() {
        if (!context.stop(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Log4j2 did not stop within 60 s");
        }
    }
}
