package io.eventweave.agent.config;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The effective configuration. Precedence, highest first (guide §4): agent arguments
 * ({@code -javaagent:eventweave-agent.jar=k=v;k=v}) &gt; system properties ({@code -Deventweave.k=v}) &gt; environment
 * ({@code EVENTWEAVE_K}) &gt; configuration file ({@code config.file}) &gt; default.
 *
 * <p>A bad value prints one line on stderr naming the key, the value, where it came from and what is accepted, and
 * the default is used. An unknown key prints one line too. Nothing here throws at the application.
 */
public final class AgentConfig {
    private static final int MIN_QUEUE = 16;
    private static final int MAX_QUEUE = 1 << 24;

    private final Map<String, String> args;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> file = new LinkedHashMap<>();
    private final PrintStream err;
    /** Effective value of every option as text, in {@link ConfigOption#ALL} order (for agent.start). */
    private final Map<String, String> effective = new LinkedHashMap<>();

    private AgentConfig(Map<String, String> args, Map<String, String> systemProperties, Map<String, String> environment,
            PrintStream err) {
        this.args = args;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.err = err;
    }

    /** Reads the configuration of this JVM; problems are reported on {@code err}. */
    public static AgentConfig load(String agentArgs, Properties systemProperties, Map<String, String> environment,
            PrintStream err) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("eventweave.")) {
                props.put(name.substring("eventweave.".length()), systemProperties.getProperty(name));
            }
        }
        AgentConfig config = new AgentConfig(parseArgs(agentArgs, err), props, environment, err);
        config.readFile();
        config.warnUnknownKeys();
        return config;
    }

    /** {@code k=v;k=v}; keys may carry the {@code eventweave.} prefix. */
    static Map<String, String> parseArgs(String agentArgs, PrintStream err) {
        Map<String, String> result = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return result;
        }
        for (String part : agentArgs.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                err.println("eventweave: ignoring agent argument '" + part + "': expected key=value (separate several with ';')");
                continue;
            }
            result.put(normalize(part.substring(0, eq)), part.substring(eq + 1).trim());
        }
        return result;
    }

    private static String normalize(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return k.startsWith("eventweave.") ? k.substring("eventweave.".length()) : k;
    }

    private void readFile() {
        Source source = lookup(ConfigOption.CONFIG_FILE.key(), false);
        if (source == null || source.value.isBlank()) {
            return;
        }
        Path path = Paths.get(source.value);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            err.println("eventweave: cannot read configuration file '" + path.toAbsolutePath() + "' (from "
                    + source.origin + "): " + e + "; going on without it");
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            file.put(normalize(name), properties.getProperty(name).trim());
        }
    }

    private void warnUnknownKeys() {
        for (String key : args.keySet()) {
            warnIfUnknown(key, "agent argument '" + key + "'");
        }
        for (String key : systemProperties.keySet()) {
            warnIfUnknown(key, "system property 'eventweave." + key + "'");
        }
        for (String key : file.keySet()) {
            warnIfUnknown(key, "configuration file key '" + key + "'");
        }
        for (String name : environment.keySet()) {
            if (name.startsWith("EVENTWEAVE_") && !name.equals("EVENTWEAVE_TRACE_ID") && findByEnv(name) == null) {
                err.println("eventweave: unknown setting " + name + " in the environment; ignored "
                        + "(java -jar eventweave-agent.jar --help lists the settings)");
            }
        }
    }

    private void warnIfUnknown(String key, String what) {
        if (ConfigOption.find(key) == null) {
            err.println("eventweave: unknown setting " + what + "; ignored "
                    + "(java -jar eventweave-agent.jar --help lists the settings)");
        }
    }

    private static ConfigOption findByEnv(String envName) {
        for (ConfigOption option : ConfigOption.ALL) {
            if (option.environmentName().equals(envName)) {
                return option;
            }
        }
        return null;
    }

    private static final class Source {
        final String value;
        final String origin;

        Source(String value, String origin) {
            this.value = value;
            this.origin = origin;
        }
    }

    private Source lookup(String key, boolean includeFile) {
        String value = args.get(key);
        if (value != null) {
            return new Source(value, "agent argument " + key);
        }
        value = systemProperties.get(key);
        if (value != null) {
            return new Source(value, "-Deventweave." + key);
        }
        String envName = ConfigOption.environmentName(key);
        value = environment.get(envName);
        if (value != null) {
            return new Source(value, envName);
        }
        if (includeFile) {
            value = file.get(key);
            if (value != null) {
                return new Source(value, "configuration file");
            }
        }
        return null;
    }

    private Source lookup(ConfigOption option) {
        return lookup(option.key(), true);
    }

    private void invalid(ConfigOption option, Source source, String accepted, String fallback) {
        err.println("eventweave: invalid value '" + source.value + "' for " + option.propertyName() + " (from "
                + source.origin + "): expected " + accepted + "; using the default " + fallback);
    }

    public boolean getBoolean(ConfigOption option) {
        Source source = lookup(option);
        boolean fallback = Boolean.parseBoolean(option.defaultValue());
        boolean result = fallback;
        if (source != null) {
            String v = source.value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                result = v.equals("true");
            } else {
                invalid(option, source, option.type().accepted, option.defaultValue());
            }
        }
        effective.put(option.key(), Boolean.toString(result));
        return result;
    }

    public String getString(ConfigOption option) {
        Source source = lookup(option);
        String result = source != null && !source.value.isBlank() ? source.value.trim() : option.defaultValue();
        if (result != null) {
            effective.put(option.key(), result);
        }
        return result;
    }

    public long getDurationNanos(ConfigOption option) {
        Source source = lookup(option);
        long fallback = parseDurationNanos(option.defaultValue());
        long result = fallback;
        if (source != null) {
            long parsed = parseDurationNanos(source.value);
            if (parsed >= 0) {
                result = parsed;
            } else {
                invalid(option, source, option.type().accepted, option.defaultValue());
            }
        }
        effective.put(option.key(), formatDuration(result));
        return result;
    }

    /** A size in bytes, at least {@code minimum}. */
    public long getSizeBytes(ConfigOption option, long minimum) {
        Source source = lookup(option);
        long result = parseSizeBytes(option.defaultValue());
        if (source != null) {
            long parsed = parseSizeBytes(source.value);
            if (parsed >= minimum) {
                result = parsed;
            } else {
                invalid(option, source, option.type().accepted + ", at least " + formatSize(minimum),
                        option.defaultValue());
            }
        }
        effective.put(option.key(), formatSize(result));
        return result;
    }

    /** A non-negative integer. */
    public int getCount(ConfigOption option) {
        Source source = lookup(option);
        int result = Integer.parseInt(option.defaultValue());
        if (source != null) {
            try {
                int parsed = Integer.parseInt(source.value.trim());
                if (parsed < 0) {
                    throw new NumberFormatException();
                }
                result = parsed;
            } catch (NumberFormatException e) {
                invalid(option, source, "an integer, 0 or more", option.defaultValue());
            }
        }
        effective.put(option.key(), Integer.toString(result));
        return result;
    }

    /** One of {@code choices} (case-insensitive). */
    public String getChoice(ConfigOption option, String... choices) {
        Source source = lookup(option);
        String result = option.defaultValue();
        if (source != null) {
            String v = source.value.trim().toLowerCase(Locale.ROOT);
            if (java.util.Arrays.asList(choices).contains(v)) {
                result = v;
            } else {
                invalid(option, source, "one of " + String.join(", ", choices), option.defaultValue());
            }
        }
        effective.put(option.key(), result);
        return result;
    }

    /** File permissions as {@code rw-r-----} or octal {@code 0640}; owner read and write are always added. */
    public String getPermissions(ConfigOption option) {
        Source source = lookup(option);
        String result = option.defaultValue();
        if (source != null) {
            String parsed = parsePermissions(source.value.trim());
            if (parsed != null) {
                result = parsed;
            } else {
                invalid(option, source, "permissions as rw-r----- or 0640", option.defaultValue());
            }
        }
        effective.put(option.key(), result);
        return result;
    }

    static String parsePermissions(String text) {
        String symbolic = text;
        if (text.matches("0?[0-7]{3}")) {
            String digits = text.length() == 4 ? text.substring(1) : text;
            StringBuilder out = new StringBuilder();
            for (char c : digits.toCharArray()) {
                int bits = c - '0';
                out.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-')
                        .append((bits & 1) != 0 ? 'x' : '-');
            }
            symbolic = out.toString();
        }
        if (!symbolic.matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]")) {
            return null;
        }
        return "rw" + symbolic.substring(2);
    }

    /** Bytes, or -1 when the text is not a size. */
    static long parseSizeBytes(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = 1024;
        } else if (t.endsWith("MB")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("GB")) {
            unit = 1024L * 1024 * 1024;
        }
        String number = unit == 1 ? (t.endsWith("B") ? t.substring(0, t.length() - 1) : t) : t.substring(0, t.length() - 2);
        try {
            long value = Long.parseLong(number);
            return value < 0 || value > Long.MAX_VALUE / unit ? -1 : value * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String formatSize(long bytes) {
        if (bytes > 0 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "GB";
        }
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MB";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KB";
        }
        return bytes + "B";
    }

    /** The ring size: a power of two in [16, 2^24]. */
    public int getQueueSize() {
        ConfigOption option = ConfigOption.QUEUE_SIZE;
        Source source = lookup(option);
        int result = Integer.parseInt(option.defaultValue());
        if (source != null) {
            String accepted = "an integer from " + MIN_QUEUE + " to " + MAX_QUEUE + " (rounded up to a power of two)";
            try {
                long parsed = Long.parseLong(source.value.trim().replace("_", ""));
                if (parsed >= MIN_QUEUE && parsed <= MAX_QUEUE) {
                    result = (int) Long.highestOneBit(parsed - 1) << 1;
                    result = Math.max(result, MIN_QUEUE);
                } else {
                    invalid(option, source, accepted, option.defaultValue());
                }
            } catch (NumberFormatException e) {
                invalid(option, source, accepted, option.defaultValue());
            }
        }
        effective.put(option.key(), Integer.toString(result));
        return result;
    }

    public boolean instrumentationEnabled(String name) {
        return getBoolean(ConfigOption.find(ConfigOption.instrumentationKey(name)));
    }

    /** The service name: this setting, else {@code OTEL_SERVICE_NAME}, else {@code unknown_service:java}. */
    public String serviceName() {
        String configured = getString(ConfigOption.SERVICE_NAME);
        if (configured == null) {
            String otel = environment.get("OTEL_SERVICE_NAME");
            configured = otel != null && !otel.isBlank() ? otel.trim() : "unknown_service:java";
            effective.put(ConfigOption.SERVICE_NAME.key(), configured);
        }
        return configured;
    }

    public String environment(String name) {
        return environment.get(name);
    }

    /** Effective values read so far, keyed by full property name ({@code eventweave.queue.size}). */
    public Map<String, String> effectiveValues() {
        Map<String, String> result = new LinkedHashMap<>();
        for (ConfigOption option : ConfigOption.ALL) {
            String value = effective.get(option.key());
            if (value != null) {
                result.put(option.propertyName(), value);
            }
        }
        return result;
    }

    /** Nanoseconds, or -1 when the text is not a duration. */
    static long parseDurationNanos(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        TimeUnit unit = TimeUnit.MILLISECONDS;
        String number = t;
        if (t.endsWith("ms")) {
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = TimeUnit.SECONDS;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = TimeUnit.MINUTES;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = TimeUnit.HOURS;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = TimeUnit.DAYS;
            number = t.substring(0, t.length() - 1);
        }
        try {
            long value = Long.parseLong(number.trim());
            return value < 0 ? -1 : unit.toNanos(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String formatDuration(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (ms % 1000 != 0 || ms == 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
