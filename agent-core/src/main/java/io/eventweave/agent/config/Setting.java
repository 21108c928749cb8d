package io.eventweave.agent.config;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One configuration setting: its key, its type ({@link Parser}: parse, constraints, accepted values, format), its
 * default and its description. {@link AgentSettings#settings} is the one list of them behind {@code --help}, the
 * {@code agent.start} event and the README's table.
 *
 * <p>{@code eventweave.a.b-c} (system property, agent argument, configuration file) is the same setting as
 * {@code EVENTWEAVE_A_B_C} (environment).
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
    private final String key;
    private final Parser<T> parser;
    private final String defaultText;
    /** The default, when it does not depend on the environment (null: none, or {@link #computedDefault}). */
    private final T fixedDefault;
    /** The default computed from the environment, or null. */
    private final Function<Map<String, String>, T> computedDefault;
    private final String description;

    private Setting(String key, Parser<T> parser, String defaultText, T fixedDefault,
            Function<Map<String, String>, T> computedDefault, String description) {
        this.key = key;
        this.parser = parser;
        this.defaultText = defaultText;
        this.fixedDefault = fixedDefault;
        this.computedDefault = computedDefault;
        this.description = description;
    }

    /**
     * A setting whose default is {@code defaultText} read by {@code parser}.
     *
     * @throws IllegalArgumentException when {@code parser} does not accept {@code defaultText} (a mistake in this
     *     package, caught by its tests; never caused by what a user configured)
     */
    public static <T> Setting<T> of(String key, Parser<T> parser, String defaultText, String description) {
        T value = parser.parse(defaultText);
        if (value == null) {
            throw new IllegalArgumentException("default '" + defaultText + "' of " + key + " is not "
                    + parser.accepted());
        }
        return new Setting<>(key, parser, defaultText, value, null, description);
    }

    /** A setting whose default is computed from the environment; {@code defaultText} says how, for {@code --help}. */
    public static <T> Setting<T> computed(String key, Parser<T> parser, String defaultText,
            Function<Map<String, String>, T> defaultValue, String description) {
        return new Setting<>(key, parser, defaultText, null, defaultValue, description);
    }

    /** A setting with no default: it has no value, and no effective value in {@code agent.start}, unless set. */
    public static <T> Setting<T> optional(String key, Parser<T> parser, String description) {
        return new Setting<>(key, parser, null, null, null, description);
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

    public Parser<T> parser() {
        return parser;
    }

    /**
     * The default as it is written in the bad-value line and {@code --help} ({@code 60s}, {@code 65536}); for a
     * computed default, how it is computed; null when there is none.
     */
    public String defaultText() {
        return defaultText;
    }

    /** The default value for this environment, or null when there is none. */
    T defaultValue(Map<String, String> environment) {
        return computedDefault != null ? computedDefault.apply(environment) : fixedDefault;
    }

    public String description() {
        return description;
    }
}
