package io.eventweave.agent.config;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where setting values come from, highest precedence first: agent arguments
 * ({@code -javaagent:eventweave-agent.jar=k=v;k=v}) &gt; system properties ({@code -Deventweave.k=v}) &gt; environment
 * ({@code EVENTWEAVE_K}) &gt; configuration file ({@code config.file}). The {@code eventweave.} prefix is optional in
 * agent arguments and in the file, whose keys are also read in any case.
 */
final class SettingSources {
    private static final String PREFIX = "eventweave.";
    private static final String TRACE_ID = "EVENTWEAVE_TRACE_ID";

    private final Map<String, String> args;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> file = new LinkedHashMap<>();

    /** A value and where it came from, as the bad-value line names it. */
    static final class Value {
        final String text;
        final String origin;

        Value(String text, String origin) {
            this.text = text;
            this.origin = origin;
        }
    }

    SettingSources(String agentArgs, Properties systemProperties, Map<String, String> environment, PrintStream err) {
        this.args = parseArgs(agentArgs, err);
        this.systemProperties = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                this.systemProperties.put(name.substring(PREFIX.length()), systemProperties.getProperty(name));
            }
        }
        this.environment = environment;
    }

    /** {@code k=v;k=v}; keys may carry the {@code eventweave.} prefix. */
    private static Map<String, String> parseArgs(String agentArgs, PrintStream err) {
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
        return k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : k;
    }

    /**
     * Reads the configuration file named by {@code value} (a blank name is no file); when it cannot be read, one line
     * says so and the settings go on without it.
     */
    void readFile(Value value, PrintStream err) {
        if (value == null || value.text.isBlank()) {
            return;
        }
        String name = value.text.trim();
        Properties properties = new Properties();
        try {
            Path path = Paths.get(name).toAbsolutePath(); // InvalidPathException: a line, not a failed premain
            name = path.toString();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException | RuntimeException e) {
            err.println("eventweave: cannot read configuration file '" + name + "' (from " + value.origin + "): " + e
                    + "; going on without it");
            return;
        }
        for (String key : properties.stringPropertyNames()) {
            file.put(normalize(key), properties.getProperty(key).trim());
        }
    }

    /** The value of {@code key} with the highest precedence, or null when no source has one. */
    Value find(String key) {
        String value = args.get(key);
        if (value != null) {
            return new Value(value, "agent argument " + key);
        }
        value = systemProperties.get(key);
        if (value != null) {
            return new Value(value, "-Deventweave." + key);
        }
        String envName = Setting.environmentName(key);
        value = environment.get(envName);
        if (value != null) {
            return new Value(value, envName);
        }
        value = file.get(key);
        if (value != null) {
            return new Value(value, "configuration file");
        }
        return null;
    }

    /**
     * One line for every key no setting has, in each source, and for every {@code EVENTWEAVE_*} environment variable
     * but {@code EVENTWEAVE_TRACE_ID} (a trace id, not a setting).
     */
    void reportUnknown(Collection<Setting<?>> settings, PrintStream err) {
        Set<String> keys = new HashSet<>();
        Set<String> environmentNames = new HashSet<>();
        for (Setting<?> setting : settings) {
            keys.add(setting.key());
            environmentNames.add(setting.environmentName());
        }
        for (String key : args.keySet()) {
            reportIfUnknown(keys, key, "agent argument '" + key + "'", err);
        }
        for (String key : systemProperties.keySet()) {
            reportIfUnknown(keys, key, "system property 'eventweave." + key + "'", err);
        }
        for (String key : file.keySet()) {
            reportIfUnknown(keys, key, "configuration file key '" + key + "'", err);
        }
        for (String name : environment.keySet()) {
            if (name.startsWith("EVENTWEAVE_") && !name.equals(TRACE_ID) && !environmentNames.contains(name)) {
                err.println("eventweave: unknown setting " + name + " in the environment; ignored "
                        + "(java -jar eventweave-agent.jar --help lists the settings)");
            }
        }
    }

    private static void reportIfUnknown(Set<String> keys, String key, String what, PrintStream err) {
        if (!keys.contains(key)) {
            err.println("eventweave: unknown setting " + what + "; ignored "
                    + "(java -jar eventweave-agent.jar --help lists the settings)");
        }
    }
}
