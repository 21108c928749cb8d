package io.eventweave.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One configuration setting: its key, its default and what it accepts. {@link #ALL} is the one list behind
 * {@code --help}, the {@code agent.start} event and the README's table.
 *
 * <p>{@code eventweave.a.b-c} (system property, agent argument, configuration file) is the same setting as
 * {@code EVENTWEAVE_A_B_C} (environment).
 */
public final class ConfigOption {
    public enum Type {
        BOOLEAN("true or false"),
        INTEGER("an integer"),
        DURATION("a duration such as 500ms, 2s, 5m, 1h or 1d (a plain number is milliseconds)"),
        SIZE("a size such as 512KB, 100MB or 1GB (a plain number is bytes)"),
        CHOICE("one of the listed values"),
        STRING("text");

        final String accepted;

        Type(String accepted) {
            this.accepted = accepted;
        }
    }

    private static final List<ConfigOption> OPTIONS = new ArrayList<>();

    public static final ConfigOption ENABLED = add("enabled", Type.BOOLEAN, "true",
            "Turns the agent off when false; checked before anything else loads.");
    public static final ConfigOption SERVICE_NAME = add("service.name", Type.STRING, null,
            "service.name of every event; falls back to OTEL_SERVICE_NAME, then unknown_service:java.");
    public static final ConfigOption OUTPUT_PATH = add("output.path", Type.STRING, "eventweave-%p.jsonl",
            "JSONL output file; %p = pid, %h = host name, %t = start time (UTC, yyyyMMdd'T'HHmmss'Z'), %% = %. "
                    + "Relative paths start at the working directory.");
    public static final ConfigOption FLUSH_INTERVAL = add("output.flush-interval", Type.DURATION, "1s",
            "Longest time an event waits in memory before it is written to the file.");
    public static final ConfigOption MAX_FILE_SIZE = add("output.max-file-size", Type.SIZE, "100MB",
            "Size at which the file is rotated: renamed to <name>.<number>.jsonl and a new file begun (64KB at least).");
    public static final ConfigOption ROTATE_INTERVAL = add("output.rotate-interval", Type.DURATION, "0",
            "Also rotate when the file is this old, e.g. 1h or 1d (0: by size only).");
    public static final ConfigOption COMPRESS = add("output.compress", Type.CHOICE, "gzip",
            "gzip or none: rotated files are compressed by a background thread, never by the one that writes.");
    public static final ConfigOption MAX_FILES = add("output.max-files", Type.INTEGER, "10",
            "Rotated files kept (the oldest are deleted beyond this; 0 keeps none).");
    public static final ConfigOption TOTAL_SIZE_CAP = add("output.total-size-cap", Type.SIZE, "1GB",
            "Total size of the rotated files kept; the oldest are deleted beyond it.");
    public static final ConfigOption FILE_PERMISSIONS = add("output.file-permissions", Type.STRING, "rw-------",
            "Permissions of new files, as rw-r----- or 0640 (owner read and write are always kept).");
    public static final ConfigOption MAX_LINE_SIZE = add("output.max-line-size", Type.SIZE, "16KB",
            "Longest line: longer text values are cut and the event is marked event.truncated (4KB at least).");
    public static final ConfigOption FSYNC = add("output.fsync", Type.CHOICE, "none",
            "none (the OS writes back: a crash of the machine may lose what the OS had not written yet), interval "
                    + "(fsync at every flush: at most a flush interval lost, one disk sync per interval), or always "
                    + "(fsync after every write: slowest).");
    public static final ConfigOption QUEUE_SIZE = add("queue.size", Type.INTEGER, "65536",
            "Ring buffer slots (16 to 16777216, rounded up to a power of two); when full, events are dropped "
                    + "and counted as queue_full.");
    public static final ConfigOption STATS_INTERVAL = add("stats.interval", Type.DURATION, "60s",
            "How often an agent.stats event is written (0 turns it off).");
    public static final ConfigOption SHUTDOWN_TIMEOUT = add("shutdown.timeout", Type.DURATION, "2s",
            "How long the shutdown hook drains the ring before counting what is left as shutdown_timeout.");
    public static final ConfigOption TRACE_PROPAGATION = add("trace.propagation", Type.BOOLEAN, "true",
            "Adds a W3C traceparent header to outbound HTTP requests that have a trace context and none of their own.");
    public static final ConfigOption RATE_LIMITER_RECORD_ACQUIRED = add("rate_limiter.record-acquired", Type.BOOLEAN,
            "true", "false leaves out rate_limiter.acquire events that did not wait; waits and rejections are always recorded.");
    public static final ConfigOption CONFIG_FILE = add("config.file", Type.STRING, null,
            "A Java properties file with more settings (lowest precedence before the defaults).");

    /** The instrumentations and the keys that switch them: {@code instrumentation.<name>.enabled}. */
    public static final List<String> INSTRUMENTATIONS = List.of("jdk-httpclient", "jdk-urlconnection", "jdk-httpserver",
            "resilience4j", "failsafe", "guava", "bucket4j");

    static {
        for (String name : INSTRUMENTATIONS) {
            add(instrumentationKey(name), Type.BOOLEAN, "true", "Turns the " + name + " instrumentation on or off.");
        }
    }

    public static final List<ConfigOption> ALL = Collections.unmodifiableList(OPTIONS);

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;

    private ConfigOption(String key, Type type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    private static ConfigOption add(String key, Type type, String defaultValue, String description) {
        ConfigOption option = new ConfigOption(key, type, defaultValue, description);
        OPTIONS.add(option);
        return option;
    }

    public static String instrumentationKey(String name) {
        return "instrumentation." + name + ".enabled";
    }

    public static ConfigOption find(String key) {
        for (ConfigOption option : OPTIONS) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    /** The key without prefix, e.g. {@code output.flush-interval}. */
    public String key() {
        return key;
    }

    /** {@code eventweave.output.flush-interval}. */
    public String propertyName() {
        return "eventweave." + key;
    }

    /** {@code EVENTWEAVE_OUTPUT_FLUSH_INTERVAL}. */
    public String environmentName() {
        return environmentName(key);
    }

    static String environmentName(String key) {
        return "EVENTWEAVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Type type() {
        return type;
    }

    /** The default as text, or null when it is computed (see the description). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
