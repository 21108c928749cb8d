package io.eventweave.cli.watch;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.ErrorListener;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * {@code watch --nats}: follows the agent's JetStream stream instead of files, with an ordered consumer (jnats'
 * {@code OrderedConsumerContext}, pull based): an ephemeral consumer without acknowledgements that the client
 * recreates from the next stream sequence whenever it sees a gap, a missed heartbeat or a reconnect, so that a server
 * restart neither loses nor repeats a message. Each message's payload is one line as the agent wrote it.
 */
public final class NatsFollow {
    /** The stream the agent creates by default, and the prefix of its subjects. */
    public static final String DEFAULT_STREAM = "EVENTWEAVE";
    public static final String DEFAULT_PREFIX = "eventweave";
    /**
     * How much earlier than {@code --since} the stream is read: a message's stream time is when the server received
     * it, after its {@code @timestamp}, unless the two hosts' clocks differ; the {@code @timestamp} filter then
     * decides.
     */
    static final Duration SINCE_SLACK = Duration.ofMinutes(1);
    /** How often a consumer is asked for again while JetStream is not back after a reconnect. */
    static final Duration RESUBSCRIBE_EVERY = Duration.ofMillis(250);

    /** Where to start in the stream. */
    public enum Start { NEW, ALL, SINCE }

    private final List<String> servers;
    private final String stream;
    private final String subject;
    private final String token;
    private final Start start;
    private final long sinceNanos;
    private final Follow.Sink sink;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean connected;
    /** Set on a reconnect: the loop follows from the next sequence with a consumer of its own. */
    private volatile boolean reconnected;
    private volatile boolean lost;
    /** What the server said last (-ERR), and the client's last exception: why a connection failed or was lost. */
    private volatile String lastServerError;
    private volatile String lastException;
    private volatile String server;

    /**
     * @param servers    {@code nats://host:port} URLs (user:password in one is used as jnats does)
     * @param subject    the subjects to follow ({@code eventweave.checkout.>}), or null for the whole stream
     * @param token      the server's token, or null
     * @param sinceNanos for {@link Start#SINCE}: the earliest {@code @timestamp} wanted
     * @param sink       each line, with its source {@code nats:STREAM/SEQUENCE}
     */
    public NatsFollow(List<String> servers, String stream, String subject, String token, Start start,
            long sinceNanos, Follow.Sink sink, PrintStream out, PrintStream err) {
        this.servers = servers;
        this.stream = stream;
        this.subject = subject;
        this.token = token;
        this.start = start;
        this.sinceNanos = sinceNanos;
        this.sink = sink;
        this.out = out;
        this.err = err;
    }

    /** The servers as jnats takes them; a malformed one is an IllegalArgumentException saying which. */
    public static Options options(List<String> servers, String token, ErrorListener errors,
            ConnectionListener connections) {
        Options.Builder b = new Options.Builder().servers(servers.toArray(String[]::new)).maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionName("eventweave-watch").errorListener(errors).connectionListener(connections);
        if (token != null) {
            b.token(token.toCharArray());
        }
        return b.build();
    }

    /**
     * Follows until the sink says stop or the thread is interrupted. A first connection that fails, a stream that is
     * not there or a subject outside it is an IOException saying what (the command's exit status 2).
     */
    public void run() throws IOException {
        Options options;
        try {
            options = options(servers, token, new Errors(), this::connectionEvent);
        } catch (IllegalArgumentException e) {
            throw new IOException("--nats " + String.join(",", servers) + ": not NATS server URLs such as "
                    + "nats://127.0.0.1:4222 (" + describe(e) + ")", e);
        }
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + String.join(",", servers) + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            follow(connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void follow(Connection connection) throws IOException, InterruptedException {
        String where = connection.getConnectedUrl();
        StreamContext streamContext;
        StreamInfo info;
        try {
            streamContext = connection.getStreamContext(stream);
            info = streamContext.getStreamInfo();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10059) {
                throw new IOException("no stream " + stream + " on " + where + ": the agent creates it (subjects "
                        + DEFAULT_PREFIX + ".>) when it first ships events to this server; --stream names another", e);
            }
            throw new IOException("stream " + stream + " on " + where + ": " + e.getErrorDescription()
                    + " (error " + e.getApiErrorCode() + ")", e);
        } catch (IOException e) {
            throw new IOException("stream " + stream + " on " + where + ": " + reason(e)
                    + " (is JetStream enabled, nats-server -js?)", e);
        }
        List<String> subjects = info.getConfiguration().getSubjects();
        if (subject != null && subjects.stream().noneMatch(s -> overlap(s, subject))) {
            throw new IOException("stream " + stream + " on " + where + " holds subjects " + subjects + ", none of "
                    + "them in " + subject + "; --subject names what to follow");
        }
        boolean filter = subject != null && !subjects.equals(List.of(subject));
        OrderedConsumerConfiguration first = configuration(filter);
        switch (start) {
            case ALL:
                first.deliverPolicy(DeliverPolicy.All);
                break;
            case SINCE:
                Instant since = Instant.ofEpochSecond(0, sinceNanos).minus(SINCE_SLACK);
                first.deliverPolicy(DeliverPolicy.ByStartTime).startTime(ZonedDateTime.ofInstant(since,
                        ZoneOffset.UTC));
                break;
            default:
                first.deliverPolicy(DeliverPolicy.New);
        }
        // after a reconnect before any message came: what was new when watching began
        long firstNew = info.getStreamState().getLastSequence() + 1;
        IterableConsumer messages;
        try {
            messages = subscribe(streamContext, first);
        } catch (JetStreamApiException e) {
            throw new IOException("stream " + stream + " on " + where + ": cannot follow "
                    + (subject == null ? "it" : subject) + ": "
                    + e.getErrorDescription() + " (error " + e.getApiErrorCode() + ")", e);
        }
        long last = 0; // the stream sequence last handed on: never one twice, none before it
        String retrying = null;
        try {
            for (;;) {
                if (reconnected) {
                    // the pull the consumer had waiting was lost with the connection, and maybe the consumer with
                    // its server: a new one from the next sequence at once, instead of after missed heartbeats
                    reconnected = false;
                    messages = close(messages);
                }
                if (messages == null) {
                    OrderedConsumerConfiguration next = first;
                    if (last > 0 || start == Start.NEW) {
                        next = configuration(filter).deliverPolicy(DeliverPolicy.ByStartSequence)
                                .startSequence(last > 0 ? last + 1 : firstNew);
                    }
                    try {
                        messages = subscribe(connection.getStreamContext(stream), next);
                        retrying = null;
                    } catch (IOException | JetStreamApiException e) {
                        // JetStream recovers its streams for a moment after a restart: try again, say it once
                        String why = e instanceof JetStreamApiException ? ((JetStreamApiException) e)
                                .getErrorDescription() : describe(e);
                        if (!why.equals(retrying) && connection.getStatus() == Connection.Status.CONNECTED) {
                            retrying = why;
                            err.println("eventweave watch: stream " + stream + ": " + why + "; trying again");
                            err.flush();
                        }
                        Thread.sleep(RESUBSCRIBE_EVERY.toMillis());
                        continue;
                    }
                }
                Message m;
                try {
                    m = messages.nextMessage(Duration.ofMillis(500));
                } catch (JetStreamStatusCheckedException e) {
                    err.println("eventweave watch: stream " + stream + ": " + e.getMessage());
                    continue;
                }
                if (m == null) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    continue;
                }
                if (!m.isJetStream()) {
                    continue;
                }
                long sequence = m.metaData().streamSequence();
                if (sequence <= last) {
                    continue;
                }
                last = sequence;
                byte[] data = m.getData();
                boolean more = sink.accept(data == null ? "" : new String(data, StandardCharsets.UTF_8),
                        "nats:" + stream + "/" + sequence);
                out.flush();
                if (!more) {
                    return;
                }
            }
        } finally {
            close(messages);
        }
    }

    private OrderedConsumerConfiguration configuration(boolean filter) {
        OrderedConsumerConfiguration c = new OrderedConsumerConfiguration();
        return filter ? c.filterSubject(subject) : c;
    }

    private static IterableConsumer subscribe(StreamContext stream, OrderedConsumerConfiguration config)
            throws IOException, JetStreamApiException {
        // pulls that expire after 5 s, with an idle heartbeat every 2.5 s: jnats' ordered consumer makes itself
        // anew when heartbeats stop (a consumer lost otherwise than with the connection)
        return stream.createOrderedConsumer(config).iterate(ConsumeOptions.builder().expiresIn(5000).build());
    }

    private static IterableConsumer close(IterableConsumer messages) {
        if (messages != null) {
            try {
                messages.close();
            } catch (Exception e) {
                // its connection was lost: nothing to tell the server
            }
        }
        return null;
    }

    private void connectionEvent(Connection connection, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED:
                server = connection.getConnectedUrl();
                connected = true;
                lastServerError = null;
                lastException = null;
                break;
            case DISCONNECTED:
                if (connected && !lost) { // not while a first connection is tried: that one fails with one error
                    lost = true;
                    String problem = problem();
                    err.println("eventweave watch: NATS connection lost (" + (server == null ? "" : server)
                            + (problem == null ? "" : (server == null ? "" : ": ") + problem) + "); reconnecting");
                    err.flush();
                }
                break;
            case RECONNECTED:
                server = connection.getConnectedUrl();
                reconnected = true;
                if (lost) {
                    lost = false;
                    lastServerError = null;
                    lastException = null;
                    err.println("eventweave watch: NATS reconnected (" + server + ")");
                    err.flush();
                }
                break;
            default:
                break;
        }
    }

    /** jnats' errors, kept for the lines above instead of its logging to stderr through java.util.logging. */
    private final class Errors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            lastServerError = error;
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            lastException = describe(exp);
        }
    }

    /** The server's word if it said one (Authorization Violation), else the client's exception (Connection refused). */
    private String problem() {
        String said = lastServerError;
        return said != null ? said : lastException;
    }

    /** Why a first connection failed: what jnats says ("Unable to connect to NATS servers") says less. */
    private String reason(IOException e) {
        String problem = problem();
        return problem != null ? problem : describe(e);
    }

    /** Whether some subject matches both patterns ({@code *} one token, {@code >} one or more at the end). */
    static boolean overlap(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i].equals(">") || y[i].equals(">")) {
                return true;
            }
            if (!x[i].equals("*") && !y[i].equals("*") && !x[i].equals(y[i])) {
                return false;
            }
        }
        return x.length == y.length;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        message = message.strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message; // Read channel closed.
    }
}
