package io.eventweave.agent.nats;

import io.eventweave.agent.nats.SpoolReader.Position;
import io.eventweave.agent.output.RetentionListener;
import io.eventweave.agent.output.ShippingStats;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Ships every line of the agent's output to a NATS JetStream stream, on a thread of its own ({@code eventweave-nats}):
 * never the drainer, never an application thread. <b>The file is the spool</b>: the shipper reads the files the
 * drainer wrote ({@link SpoolReader}) from a persisted position ({@link Checkpoint}), so NATS being down or slow only
 * makes the shipper fall behind; the application and the file are unaffected, and the shipper catches up in order.
 *
 * <p><b>Exactly once into the stream.</b> Each line is a message on {@code <prefix>.<service>.<event.name>}
 * ({@link Subjects}) with {@code Nats-Msg-Id: <service.instance.id>:<event.sequence>}; the stream drops a message
 * whose id it stored within its duplicate window (2 minutes by default). The position advances only past lines the
 * stream acknowledged; after any failure (connection lost, a timeout, an error reply) the shipper waits for what is in
 * flight, goes back to the position, and sends again from there with the same ids. A restart of the application
 * resumes from the saved position. Exactly once therefore holds for outages shorter than the duplicate window; a
 * longer one can store a line twice that was stored before the acknowledgement was lost.
 *
 * <p><b>Acknowledged in batches.</b> A batch of up to {@value #BATCH} lines is sent as plain publishes with the
 * last one as a JetStream publish that waits for the stream's acknowledgement; up to {@value #MAX_BATCHES} batches are
 * in flight. The server handles one connection's publishes to a stream in order, so the acknowledgement of a batch's
 * last line means every line before it was handled: stored, or dropped as a duplicate. (A future per line, jnats'
 * {@code publishAsync} for each, cost twice the time here: 39,000 against 70,000 lines/s in a first measure on this
 * machine.) While the connection is down, publishing fails at once ({@code reconnectBufferSize(0)}) rather than
 * buffering lines in memory out of order with the retry.
 *
 * <p><b>Losses are counted, never silent.</b> When retention deletes a rotated file the shipper has not read yet, its
 * lines are counted as unshipped ({@link #beforeDelete}) with one stderr line; so are lines that are not JSON or too
 * long for the server. {@code agent.stats} carries shipped, pending, the lag and unshipped ({@link #stats}).
 */
public final class NatsShipper implements Runnable, RetentionListener {
    static final int BATCH = 256;
    static final int MAX_BATCHES = 16;
    private static final long ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SAVE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int STREAM_NOT_FOUND = 10059;

    /** What the shipper is told: servers, stream, subjects, credentials. */
    public record Settings(String urls, String stream, boolean createStream, String subjectPrefix, String token,
            String user, String password) {
    }

    private final Settings settings;
    private final String ownInstance;
    private final PrintStream err;
    private final SpoolReader reader;
    private final Checkpoint checkpoint;
    private final Subjects subjects;
    private final LineFields fields = new LineFields();
    private final ArrayDeque<Batch> inflight = new ArrayDeque<>();
    private final PublishOptions publishOptions;

    /** Guards the reader's move to another file against retention's look at the same files. */
    private final Object retentionLock = new Object();
    /** Keys of files retention deleted before they were read, counted as unshipped: the reader passes over them. */
    private final Set<String> skippedKeys = ConcurrentHashMap.newKeySet();
    /** Keys of files the reader has read to their end (and those before the position it started at): bounded. */
    private final Set<String> doneKeys = Collections.synchronizedSet(new LinkedHashSet<>());
    private String readerKey;

    private Connection connection;
    private JetStream jetStream;
    private Position committed;
    private boolean committedSaved = true;
    private long lastSaveNanos;
    private long retryDelayNanos = FIRST_RETRY_NANOS;
    private long failingSinceNanos;
    private String failure;

    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong ownShipped = new AtomicLong();
    private final AtomicLong unshipped = new AtomicLong();

    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** One batch in flight: the acknowledgement of its last line, and the position after it. */
    private record Batch(CompletableFuture<PublishAck> ack, Position end, int lines, int own, long sentNanos) {
    }

    public NatsShipper(Settings settings, Path output, String ownInstance, PrintStream err) {
        this.settings = settings;
        this.ownInstance = ownInstance;
        this.err = err;
        this.reader = new SpoolReader(output);
        this.checkpoint = new Checkpoint(output);
        this.subjects = new Subjects(settings.subjectPrefix());
        this.publishOptions = PublishOptions.builder().expectedStream(settings.stream()).build();
    }

    /** Starts the shipper's thread (a daemon: it never keeps the JVM alive; {@link #finish} gives it its last say). */
    public void start() {
        Thread thread = new Thread(this, "eventweave-nats");
        thread.setDaemon(true);
        thread.start();
    }

    /** For {@code agent.stats} and {@code agent.stop}; any thread. */
    public ShippingStats stats() {
        return new ShippingStats(shipped.get(), ownShipped.get(), unshipped.get());
    }

    /**
     * At JVM shutdown, after the drainer wrote {@code agent.stop}: ships what the files hold beyond the position, for
     * at most {@code timeoutNanos}, and saves the position. What is left is shipped by the next run on this output.
     */
    public void finish(long timeoutNanos) {
        stopDeadlineNanos = System.nanoTime() + timeoutNanos;
        stopRequested = true;
        try {
            finished.await(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            committed = checkpoint.load();
            synchronized (retentionLock) {
                boolean found = reader.seek(committed);
                if (!found) {
                    err.println("eventweave: NATS shipping: the file it had shipped up to (" + committed.fileKey()
                            + ") is gone; going on with the oldest file left");
                }
                markFilesBeforeCurrentDone();
            }
            while (true) {
                boolean stopping = stopRequested; // read before the work: what was written before it is shipped
                try {
                    connect();
                    boolean progressed = publish();
                    progressed |= collectAcknowledgements();
                    saveIfDue(false);
                    if (failure != null && inflight.isEmpty() && progressed) {
                        recovered();
                    }
                    if (!progressed && !stopping) {
                        LockSupport.parkNanos(IDLE_PARK_NANOS);
                    }
                } catch (Exception | LinkageError e) {
                    failed(e);
                }
                if (stopping && (caughtUp() || System.nanoTime() - stopDeadlineNanos >= 0)) {
                    break;
                }
            }
        } catch (Throwable t) {
            err.println("eventweave: NATS shipping stopped: " + t + "; the events stay in the files");
        } finally {
            saveIfDue(true);
            if (connection != null) {
                try {
                    connection.close();
                } catch (Exception | LinkageError ignored) {
                    // ending
                }
            }
            reader.close();
            finished.countDown();
        }
    }

    private boolean caughtUp() {
        return inflight.isEmpty() && reader.atActiveEnd();
    }

    // --- connection

    private void connect() throws IOException, InterruptedException, JetStreamApiException {
        if (connection != null && connection.getStatus() == Connection.Status.CONNECTED && jetStream != null) {
            return;
        }
        if (connection == null) {
            Options.Builder options = Options.builder().servers(settings.urls().split("\\s*,\\s*"))
                    .connectionName("eventweave-shipper " + ownInstance)
                    .maxReconnects(-1).reconnectWait(Duration.ofMillis(500))
                    .reconnectBufferSize(0) // while disconnected a publish fails at once: the retry resends in order
                    .maxMessagesInOutgoingQueue(BATCH * MAX_BATCHES * 4)
                    .connectionTimeout(Duration.ofSeconds(2))
                    .errorListener(new ErrorListener() { // jnats' default logs to java.util.logging: not in an agent
                    });
            // jnats' own threads are not daemons: they would keep the application's JVM alive after its main ends
            ThreadFactory daemons = task -> {
                Thread thread = new Thread(task, "eventweave-nats-io");
                thread.setDaemon(true);
                return thread;
            };
            options.executor(Executors.newCachedThreadPool(daemons))
                    .scheduledExecutor(Executors.newScheduledThreadPool(1, daemons))
                    .connectThreadFactory(daemons).callbackThreadFactory(daemons)
                    .readerThreadFactory(daemons).writerThreadFactory(daemons);
            if (settings.token() != null) {
                options.token(settings.token().toCharArray());
            }
            if (settings.user() != null) {
                options.userInfo(settings.user().toCharArray(),
                        settings.password() == null ? new char[0] : settings.password().toCharArray());
            }
            connection = Nats.connect(options.build());
            jetStream = null;
        }
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            jetStream = null;
            throw new IOException("not connected to NATS (" + connection.getStatus() + ")");
        }
        if (jetStream == null) {
            ensureStream(connection.jetStreamManagement());
            jetStream = connection.jetStream();
        }
    }

    private void ensureStream(JetStreamManagement management) throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(settings.stream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            if (!settings.createStream()) {
                throw new IOException("stream " + settings.stream() + " does not exist (eventweave.nats.create-stream"
                        + " is false)");
            }
            management.addStream(StreamConfiguration.builder().name(settings.stream())
                    .subjects(settings.subjectPrefix() + ".>").storageType(StorageType.File).build());
        }
    }

    // --- publishing

    /** Sends batches while fewer than {@link #MAX_BATCHES} are in flight; true when it sent anything. */
    private boolean publish() throws IOException {
        boolean sent = false;
        while (inflight.size() < MAX_BATCHES) {
            int lines = 0;
            int own = 0;
            String lastSubject = null;
            Headers lastHeaders = null;
            byte[] lastBody = null;
            while (lines < BATCH) {
                boolean more;
                synchronized (retentionLock) {
                    more = reader.next(skippedKeys);
                    noteReaderFile();
                }
                if (!more) {
                    break;
                }
                byte[] buffer = reader.buffer();
                if (reader.lineLength == 0) {
                    continue;
                }
                if (!fields.read(buffer, reader.lineFrom, reader.lineLength)) {
                    unshippable("a line that is not an event (not JSON, or without service or event fields)");
                    continue;
                }
                if (lastBody != null) {
                    connection.publish(lastSubject, lastHeaders, lastBody);
                }
                lastSubject = subjects.of(fields.serviceName, fields.eventName);
                lastHeaders = new Headers().put("Nats-Msg-Id", fields.instanceId + ":" + fields.sequence);
                lastBody = Arrays.copyOfRange(buffer, reader.lineFrom, reader.lineFrom + reader.lineLength);
                lines++;
                if (ownInstance.equals(fields.instanceId)) {
                    own++;
                }
            }
            long tooLong = reader.takeSkippedLines();
            if (tooLong > 0) {
                unshipped.addAndGet(tooLong);
            }
            if (lines == 0) {
                break;
            }
            CompletableFuture<PublishAck> ack = jetStream.publishAsync(lastSubject, lastHeaders, lastBody,
                    publishOptions);
            inflight.add(new Batch(ack, reader.position(), lines, own, System.nanoTime()));
            sent = true;
        }
        return sent;
    }

    /** Takes the acknowledged batches in order; throws the failure of the first one that failed. */
    private boolean collectAcknowledgements() throws Exception {
        boolean any = false;
        while (!inflight.isEmpty()) {
            Batch batch = inflight.peek();
            if (!batch.ack().isDone()) {
                if (System.nanoTime() - batch.sentNanos() > ACK_TIMEOUT_NANOS) {
                    throw new IOException("no acknowledgement from the stream within "
                            + TimeUnit.NANOSECONDS.toSeconds(ACK_TIMEOUT_NANOS) + " s");
                }
                break;
            }
            inflight.poll();
            try {
                batch.ack().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
            acknowledged(batch);
            any = true;
        }
        return any;
    }

    private void acknowledged(Batch batch) {
        committed = batch.end();
        committedSaved = false;
        shipped.addAndGet(batch.lines());
        ownShipped.addAndGet(batch.own());
    }

    private void saveIfDue(boolean now) {
        long t = System.nanoTime();
        if (committedSaved || (!now && t - lastSaveNanos < SAVE_INTERVAL_NANOS)) {
            return;
        }
        try {
            checkpoint.save(committed);
            committedSaved = true;
            lastSaveNanos = t;
        } catch (IOException e) {
            report("cannot save its position in " + checkpoint.file() + ": " + e);
        }
    }

    // --- failures

    /**
     * Something failed: waits for what is in flight (taking the acknowledgements that came, in order, up to the
     * first failure), goes back to the position, and waits before trying again (100 ms, doubling to 5 s).
     */
    private void failed(Throwable cause) {
        long deadline = System.nanoTime() + ACK_TIMEOUT_NANOS;
        while (!inflight.isEmpty()) {
            Batch batch = inflight.peek();
            try {
                long left = deadline - System.nanoTime();
                batch.ack().get(Math.max(1, left), TimeUnit.NANOSECONDS);
                inflight.poll();
                acknowledged(batch);
            } catch (Exception e) {
                break;
            }
        }
        inflight.clear();
        if (connection != null && connection.getStatus() == Connection.Status.CLOSED) {
            connection = null;
        }
        jetStream = null; // the stream is looked up again before the next publish
        String text = String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
        if (failure == null) {
            failingSinceNanos = System.nanoTime();
            err.println("eventweave: NATS shipping paused (" + cause.getClass().getSimpleName() + ": " + text
                    + "); the events stay in the file, retrying");
        }
        failure = text;
        try {
            synchronized (retentionLock) {
                reader.seek(committed);
                noteReaderFile();
            }
        } catch (IOException e) {
            failure = e.toString();
        }
        saveIfDue(true);
        LockSupport.parkNanos(retryDelayNanos);
        retryDelayNanos = Math.min(retryDelayNanos * 2, MAX_RETRY_NANOS);
    }

    private void recovered() {
        err.println("eventweave: NATS shipping resumed after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSinceNanos) + " ms");
        failure = null;
        retryDelayNanos = FIRST_RETRY_NANOS;
    }

    private long lastReportNanos;

    private void report(String message) {
        long now = System.nanoTime();
        if (now - lastReportNanos > TimeUnit.SECONDS.toNanos(60) || lastReportNanos == 0) {
            err.println("eventweave: NATS shipping: " + message);
            lastReportNanos = now;
        }
    }

    private void unshippable(String why) {
        unshipped.incrementAndGet();
        report(why + " is not shipped (counted as unshipped in agent.stats)");
    }

    // --- retention

    /** Called with the retention lock held, after the reader may have moved: remembers the files it finished. */
    private void noteReaderFile() {
        String key = reader.currentKey();
        if (key != null && !key.equals(readerKey)) {
            if (readerKey != null) {
                rememberDone(readerKey);
            }
            readerKey = key;
        }
    }

    private void rememberDone(String key) {
        synchronized (doneKeys) {
            doneKeys.add(key);
            if (doneKeys.size() > 10_000) {
                doneKeys.remove(doneKeys.iterator().next());
            }
        }
    }

    /** At start: the files before the one the position is in were shipped by an earlier run. */
    private void markFilesBeforeCurrentDone() {
        String current = reader.currentKey();
        if (current == null) {
            return;
        }
        try {
            for (Path file : reader.order()) {
                String key = reader.keyOf(file);
                if (current.equals(key)) {
                    break;
                }
                if (key != null) {
                    rememberDone(key);
                }
            }
        } catch (IOException ignored) {
            // nothing marked: retention of those files would be counted as unshipped, never the reverse
        }
        readerKey = current;
    }

    /**
     * Retention is about to delete {@code file} (files thread). A file the reader finished loses nothing; of the file
     * it is in, the lines it has not read yet, and of any other (ahead of it), every line, are counted as unshipped,
     * and the reader passes over them: what is counted is exactly what is never sent.
     */
    @Override
    public void beforeDelete(Path file) {
        String key = reader.keyOf(file);
        if (key == null) {
            return;
        }
        synchronized (retentionLock) {
            if (doneKeys.contains(key) || skippedKeys.contains(key)) {
                return;
            }
            // the file being read: what the reader has not taken yet (what it sent is shipped, or sent again from
            // the position, which a deleted file no longer has); any other file: all of it
            long from = key.equals(reader.currentKey()) ? reader.position().offset() : 0;
            long lines = SpoolReader.linesAfter(file, from);
            skippedKeys.add(key);
            unshipped.addAndGet(lines);
            err.println("eventweave: NATS shipping: retention deleted " + file.getFileName() + " before it was "
                    + "shipped: " + lines + " event(s) not shipped (agent.nats.unshipped in agent.stats)");
        }
    }
}
