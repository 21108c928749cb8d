package io.eventweave.agent.config;

import io.eventweave.agent.output.OutputSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The effective configuration of this JVM, built in one pass by {@link #load} and immutable after it. Precedence,
 * highest first: agent arguments &gt; system properties &gt; environment &gt; configuration file &gt; default (see
 * {@link SettingSources}).
 *
 * <p>A bad value prints one line on stderr naming the key, the value, where it came from and what is accepted, and
 * the default is used. An unknown key prints one line too. Nothing here throws at the application.
 */
public final class AgentSettings {
    public static final Setting<Boolean> ENABLED = Setting.of("enabled", Parser.bool(), "true",
            "Turns the agent off when false; checked before anything else loads.");
    public static final Setting<String> SERVICE_NAME = Setting.computed("service.name", Parser.text(),
            "OTEL_SERVICE_NAME, else unknown_service:java", new ServiceNameFallback(),
            "service.name of every event; falls back to OTEL_SERVICE_NAME, then unknown_service:java.");
    public static final Setting<String> OUTPUT_PATH = Setting.of("output.path", Parser.text(), "eventweave-%p.jsonl",
            "JSONL output file; %p = pid, %h = host name, %t = start time (UTC, yyyyMMdd'T'HHmmss'Z'), %% = %. "
                    + "Relative paths start at the working directory.");
    public static final Setting<Long> FLUSH_INTERVAL = Setting.of("output.flush-interval", Parser.durationNanos(),
            "1s", "Longest time an event waits in memory before it is written to the file.");
    public static final Setting<Long> MAX_FILE_SIZE = Setting.of("output.max-file-size", Parser.sizeBytes(64 * 1024),
            "100MB", "Size at which the file is rotated: renamed to <name>.<number>.jsonl and a new file begun "
                    + "(64KB at least).");
    public static final Setting<Long> ROTATE_INTERVAL = Setting.of("output.rotate-interval", Parser.durationNanos(),
            "0", "Also rotate when the file is this old, e.g. 1h or 1d (0: by size only).");
    public static final Setting<String> COMPRESS = Setting.of("output.compress", Parser.choice("gzip", "none"), "gzip",
            "gzip or none: rotated files are compressed by a background thread, never by the one that writes.");
    public static final Setting<Integer> MAX_FILES = Setting.of("output.max-files", Parser.count(), "10",
            "Rotated files kept (the oldest are deleted beyond this; 0 keeps none).");
    public static final Setting<Long> TOTAL_SIZE_CAP = Setting.of("output.total-size-cap", Parser.sizeBytes(0), "1GB",
            "Total size of the rotated files kept; the oldest are deleted beyond it.");
    public static final Setting<String> FILE_PERMISSIONS = Setting.of("output.file-permissions", Parser.permissions(),
            "rw-------", "Permissions of new files, as rw-r----- or 0640 (owner read and write are always kept).");
    public static final Setting<Long> MAX_LINE_SIZE = Setting.of("output.max-line-size", Parser.sizeBytes(4 * 1024),
            "16KB", "Longest line: longer text values are cut and the event is marked event.truncated (4KB at least).");
    public static final Setting<String> FSYNC = Setting.of("output.fsync", Parser.choice("none", "interval", "always"),
            "none", "none (the OS writes back: a crash of the machine may lose what the OS had not written yet), "
                    + "interval (fsync at every flush: at most a flush interval lost, one disk sync per interval), or "
                    + "always (fsync after every write: slowest).");
    public static final Setting<Boolean> INDEX = Setting.of("output.index", Parser.bool(), "true",
            "Keeps a line index beside each plain output file (<file>.idx: each line's offset, event name and time, "
                    + "16 bytes a line) so that the command line's query reads only the lines a filter on event.name "
                    + "or time can match; false writes none.");
    public static final Setting<Integer> QUEUE_SIZE = Setting.of("queue.size", Parser.powerOfTwo(16, 1 << 24), "16384",
            "Ring buffer slots (16 to 16777216, rounded up to a power of two); when full, events are dropped "
                    + "and counted as queue_full.");
    public static final Setting<Long> STATS_INTERVAL = Setting.of("stats.interval", Parser.durationNanos(), "60s",
            "How often an agent.stats event is written (0 turns it off).");
    public static final Setting<Long> SHUTDOWN_TIMEOUT = Setting.of("shutdown.timeout", Parser.durationNanos(), "2s",
            "How long the shutdown hook drains the ring before counting what is left as shutdown_timeout.");
    public static final Setting<Boolean> TRACE_PROPAGATION = Setting.of("trace.propagation", Parser.bool(), "true",
            "Adds a W3C traceparent header to outbound HTTP requests that have a trace context and none of their own.");
    public static final Setting<Boolean> RATE_LIMITER_RECORD_ACQUIRED = Setting.of("rate_limiter.record-acquired",
            Parser.bool(), "true",
            "false leaves out rate_limiter.acquire events that did not wait; waits and rejections are always recorded.");
    public static final Setting<Boolean> STARTUP_MESSAGE = Setting.of("startup.message", Parser.bool(), "true",
            "Prints one line on stderr when the agent starts (version, output path, instrumentations on); false "
                    + "silences it.");
    public static final Setting<Boolean> STARTUP_TIMING = Setting.of("startup.timing", Parser.bool(), "false",
            "Prints on stderr how long each phase of the agent's start took (premain, the drainer thread's set-up, "
                    + "Byte Buddy when the first instrumented class appears), to find what a start-up costs.");
    public static final Setting<String> CONFIG_FILE = Setting.optional("config.file", Parser.text(),
            "A Java properties file with more settings (lowest precedence before the defaults).");
    public static final Setting<String> RULES_FILE = Setting.optional("rules.file", Parser.text(),
            "A JSON file of rules that turn the application's own methods into events (docs/rules.md).");
    public static final Setting<String> RULES = Setting.optional("rules", Parser.text(),
            "The same JSON inline (for an environment variable); adds to rules.file.");
    public static final Setting<String> METHODS = Setting.optional("methods", Parser.text(),
            "Methods timed as app.method events: Class#m1,m2 or Class#*, ';' between classes (docs/rules.md).");
    public static final Setting<Integer> METRICS_PORT = Setting.optional("metrics.port", Parser.range(0, 65535),
            "Serves Prometheus metrics of the events at http://<metrics.host>:<port>/metrics (off when unset; 0 takes "
                    + "a free port, printed on stderr).");
    public static final Setting<String> METRICS_HOST = Setting.of("metrics.host", Parser.text(), "127.0.0.1",
            "Address the metrics endpoint listens on; 0.0.0.0 exposes it to other machines.");
    public static final Setting<Integer> METRICS_MAX_SERIES = Setting.of("metrics.max-series", Parser.range(10,
            1_000_000), "1000", "Most series of one metric; label values beyond it are counted in one series whose "
                    + "labels are _overflow.");
    public static final Setting<String> NATS_URL = Setting.optional("nats.url", Parser.text(),
            "Ships every line of the output to NATS JetStream: nats://host:port, several separated by commas (off "
                    + "when unset). The file is the spool: nothing is lost while NATS is down.");
    public static final Setting<String> NATS_STREAM = Setting.of("nats.stream", Parser.text(), "EVENTWEAVE",
            "JetStream stream the lines go to.");
    public static final Setting<Boolean> NATS_CREATE_STREAM = Setting.of("nats.create-stream", Parser.bool(), "true",
            "Creates the stream (subjects <nats.subject-prefix>.>, file storage) when it is missing; false waits for "
                    + "it to be made.");
    public static final Setting<String> NATS_SUBJECT_PREFIX = Setting.of("nats.subject-prefix", Parser.text(),
            "eventweave", "Subjects are <prefix>.<service.name>.<event.name> (characters outside A-Z a-z 0-9 _ - in "
                    + "the service name become _).");
    public static final Setting<String> NATS_TOKEN = Setting.optional("nats.token", Parser.text(),
            "Token for NATS authentication.");
    public static final Setting<String> NATS_USER = Setting.optional("nats.user", Parser.text(),
            "User name for NATS authentication (with nats.password).");
    public static final Setting<String> NATS_PASSWORD = Setting.optional("nats.password", Parser.text(),
            "Password for NATS authentication; never printed (agent.start shows it as ***).");

    /** Every setting but the instrumentation switches, in the order of {@code --help} and {@code agent.start}. */
    private static final List<Setting<?>> AGENT_SETTINGS = List.of(ENABLED, SERVICE_NAME, OUTPUT_PATH, FLUSH_INTERVAL,
            MAX_FILE_SIZE, ROTATE_INTERVAL, COMPRESS, MAX_FILES, TOTAL_SIZE_CAP, FILE_PERMISSIONS, MAX_LINE_SIZE, FSYNC,
            INDEX, QUEUE_SIZE, STATS_INTERVAL, SHUTDOWN_TIMEOUT, TRACE_PROPAGATION, RATE_LIMITER_RECORD_ACQUIRED,
            STARTUP_MESSAGE, STARTUP_TIMING, CONFIG_FILE, RULES_FILE, RULES, METHODS, METRICS_PORT, METRICS_HOST,
            METRICS_MAX_SERIES, NATS_URL, NATS_STREAM, NATS_CREATE_STREAM, NATS_SUBJECT_PREFIX, NATS_TOKEN, NATS_USER,
            NATS_PASSWORD);

    private static final long SHORTEST_FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Map<Setting<?>, Object> values;
    private final Map<String, Setting<Boolean>> switches;
    private final Map<String, String> effectiveValues;

    private AgentSettings(Map<Setting<?>, Object> values, Map<String, Setting<Boolean>> switches,
            Map<String, String> effectiveValues) {
        this.values = values;
        this.switches = switches;
        this.effectiveValues = effectiveValues;
    }

    /**
     * Every setting, in order: the agent's own, then {@code instrumentation.<name>.enabled} for each of
     * {@code instrumentations}.
     */
    public static List<Setting<?>> settings(List<InstrumentationSwitch> instrumentations) {
        return settings(switches(instrumentations).values());
    }

    private static List<Setting<?>> settings(Collection<Setting<Boolean>> switches) {
        List<Setting<?>> settings = new ArrayList<>(AGENT_SETTINGS);
        settings.addAll(switches);
        return Collections.unmodifiableList(settings);
    }

    /** {@code instrumentation.<name>.enabled} by name. */
    private static Map<String, Setting<Boolean>> switches(List<InstrumentationSwitch> instrumentations) {
        Map<String, Setting<Boolean>> switches = new LinkedHashMap<>();
        for (InstrumentationSwitch instrumentation : instrumentations) {
            switches.put(instrumentation.name(), Setting.of(instrumentation.key(), Parser.bool(), "true",
                    instrumentation.description() + " false turns it off."));
        }
        return switches;
    }

    /**
     * Reads the configuration of this JVM in one pass; problems are reported on {@code err}, one line each, and
     * never thrown.
     *
     * @param agentArgs what follows {@code =} in {@code -javaagent:eventweave-agent.jar=k=v;k=v}, or null
     * @param instrumentations the instrumentations there are, each with its switch
     */
    public static AgentSettings load(String agentArgs, Properties systemProperties, Map<String, String> environment,
            PrintStream err, List<InstrumentationSwitch> instrumentations) {
        Map<String, Setting<Boolean>> switches = switches(instrumentations);
        List<Setting<?>> settings = settings(switches.values());
        SettingSources sources = new SettingSources(agentArgs, systemProperties, environment, err);
        // read before the file, which therefore cannot name another file
        SettingSources.Value configFile = sources.find(CONFIG_FILE.key());
        sources.readFile(configFile, err);
        sources.reportUnknown(settings, err);

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<String, String> effective = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            SettingSources.Value value = setting == CONFIG_FILE ? configFile : sources.find(setting.key());
            resolve(setting, value, environment, err, values, effective);
        }
        return new AgentSettings(Collections.unmodifiableMap(values), Collections.unmodifiableMap(switches),
                Collections.unmodifiableMap(effective));
    }

    private static <T> void resolve(Setting<T> setting, SettingSources.Value value, Map<String, String> environment,
            PrintStream err, Map<Setting<?>, Object> values, Map<String, String> effective) {
        Parser<T> parser = setting.parser();
        T result = null;
        if (value != null && !(parser.blankIsUnset() && value.text.isBlank())) {
            result = parser.parse(value.text);
            if (result == null) {
                err.println("eventweave: invalid value '" + value.text + "' for " + setting.propertyName() + " (from "
                        + value.origin + "): expected " + parser.accepted() + "; using the default "
                        + setting.defaultText());
            }
        }
        if (result == null) {
            result = setting.defaultValue(environment);
        }
        values.put(setting, result);
        if (result != null) {
            // secrets are never written to agent.start (nor anywhere else)
            boolean secret = setting == NATS_PASSWORD || setting == NATS_TOKEN;
            effective.put(setting.propertyName(), secret ? "***" : parser.format(result));
        }
    }

    /** OTEL_SERVICE_NAME, else unknown_service:java (a class, not a method reference: no lambda in premain). */
    private static final class ServiceNameFallback implements Function<Map<String, String>, String> {
        @Override
        public String apply(Map<String, String> environment) {
            String otel = environment.get("OTEL_SERVICE_NAME");
            return otel != null && !otel.isBlank() ? otel.trim() : "unknown_service:java";
        }
    }

    /** The value of one of {@link #settings}; null for a setting without a default that was not set. */
    @SuppressWarnings("unchecked") // values holds, for each setting, what its own Parser<T> returned
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public boolean enabled() {
        return get(ENABLED);
    }

    /** This setting, else {@code OTEL_SERVICE_NAME}, else {@code unknown_service:java}. */
    public String serviceName() {
        return get(SERVICE_NAME);
    }

    /** {@code output.path} before its {@code %p}, {@code %h}, {@code %t} and {@code %%} are replaced. */
    public String outputPathPattern() {
        return get(OUTPUT_PATH);
    }

    /** At least a millisecond, whatever is configured ({@code 0} would make the drainer spin on 2 cores). */
    public long outputFlushIntervalNanos() {
        return Math.max(get(FLUSH_INTERVAL), SHORTEST_FLUSH_INTERVAL_NANOS);
    }

    public long outputMaxFileSize() {
        return get(MAX_FILE_SIZE);
    }

    /** 0: rotation by size only. */
    public long outputRotateIntervalNanos() {
        return get(ROTATE_INTERVAL);
    }

    /** Whether rotated files are compressed ({@code output.compress=gzip}). */
    public boolean outputGzip() {
        return get(COMPRESS).equals("gzip");
    }

    public int outputMaxFiles() {
        return get(MAX_FILES);
    }

    public long outputTotalSizeCap() {
        return get(TOTAL_SIZE_CAP);
    }

    /** Symbolic, {@code rw-r-----}. */
    public String outputFilePermissions() {
        return get(FILE_PERMISSIONS);
    }

    public int outputMaxLineSize() {
        return (int) Math.min(Integer.MAX_VALUE, get(MAX_LINE_SIZE));
    }

    /** Whether plain output files get their line index ({@code output.index}). */
    public boolean outputIndex() {
        return get(INDEX);
    }

    public OutputSettings.Fsync outputFsync() {
        return OutputSettings.Fsync.valueOf(get(FSYNC).toUpperCase(Locale.ROOT));
    }

    /** A power of two in [16, 2^24]. */
    public int queueSize() {
        return get(QUEUE_SIZE);
    }

    /** 0: no {@code agent.stats}. */
    public long statsIntervalNanos() {
        return get(STATS_INTERVAL);
    }

    public long shutdownTimeoutNanos() {
        return get(SHUTDOWN_TIMEOUT);
    }

    public boolean tracePropagation() {
        return get(TRACE_PROPAGATION);
    }

    public boolean rateLimiterRecordAcquired() {
        return get(RATE_LIMITER_RECORD_ACQUIRED);
    }

    public boolean startupMessage() {
        return get(STARTUP_MESSAGE);
    }

    public boolean startupTiming() {
        return get(STARTUP_TIMING);
    }

    /** The metrics endpoint's port, or null when the endpoint is off. */
    public Integer metricsPort() {
        return get(METRICS_PORT);
    }

    public String metricsHost() {
        return get(METRICS_HOST);
    }

    public int metricsMaxSeries() {
        return get(METRICS_MAX_SERIES);
    }

    /** The NATS servers to ship to, or null when shipping is off. */
    public String natsUrl() {
        return get(NATS_URL);
    }

    public String natsStream() {
        return get(NATS_STREAM);
    }

    public boolean natsCreateStream() {
        return get(NATS_CREATE_STREAM);
    }

    public String natsSubjectPrefix() {
        return get(NATS_SUBJECT_PREFIX);
    }

    public String natsToken() {
        return get(NATS_TOKEN);
    }

    public String natsUser() {
        return get(NATS_USER);
    }

    public String natsPassword() {
        return get(NATS_PASSWORD);
    }

    /** The configuration file as configured, or null when none is. */
    public String configFile() {
        return get(CONFIG_FILE);
    }

    /**
     * {@code instrumentation.<name>.enabled}; true for a name that was not among the instrumentations given to
     * {@link #load} (it has no switch, and every switch is on by default).
     */
    public boolean instrumentationEnabled(String name) {
        Setting<Boolean> enabled = switches.get(name);
        return enabled == null || get(enabled);
    }

    /**
     * The effective value of every setting as text, keyed by its full property name ({@code eventweave.queue.size}),
     * in the order of {@link #settings}; a setting without a default that was not set ({@code config.file}) is absent.
     */
    public Map<String, String> effectiveValues() {
        return effectiveValues;
    }
}
