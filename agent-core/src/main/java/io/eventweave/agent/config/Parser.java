package io.eventweave.agent.config;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The type of a setting: how its text becomes a value (with the constraints: minimum, maximum, choices, rounding),
 * what it accepts in words (the bad-value line and {@code --help}), and how the effective value is written back as
 * text ({@code agent.start}'s {@code agent.config}).
 *
 * @param <T> the value type
 */
public final class Parser<T> {
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    private static final long GB = 1024 * MB;

    /**
     * What kind of value a parser reads. A switch over this, not a lambda per parser: the settings are read in
     * {@code premain}, where each lambda's first call would spin a class while the application waits.
     */
    private enum Kind {
        BOOL, TEXT, COUNT, RANGE, POWER_OF_TWO, CHOICE, DURATION, SIZE, PERMISSIONS
    }

    private final Kind kind;
    private final String accepted;
    /** {@link Kind#POWER_OF_TWO} and {@link Kind#RANGE}: the range; {@link Kind#SIZE}: {@code min} is the minimum. */
    private final long min;
    private final long max;
    /** {@link Kind#CHOICE}: the choices, in lower case. */
    private final List<String> choices;

    private Parser(Kind kind, String accepted, long min, long max, List<String> choices) {
        this.kind = kind;
        this.accepted = accepted;
        this.min = min;
        this.max = max;
        this.choices = choices;
    }

    /** What is accepted, as it follows "expected " in the bad-value line. */
    public String accepted() {
        return accepted;
    }

    /** The value, or null when {@code text} is not accepted. */
    @SuppressWarnings("unchecked")
    public T parse(String text) {
        return text == null ? null : (T) parseText(text);
    }

    private Object parseText(String text) {
        switch (kind) {
            case BOOL: {
                String t = text.trim().toLowerCase(Locale.ROOT);
                return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
            }
            case TEXT:
                return text.trim();
            case COUNT:
                try {
                    int value = Integer.parseInt(text.trim());
                    return value < 0 ? null : value;
                } catch (NumberFormatException e) {
                    return null;
                }
            case RANGE:
                try {
                    int value = Integer.parseInt(text.trim());
                    return value < min || value > max ? null : value;
                } catch (NumberFormatException e) {
                    return null;
                }
            case POWER_OF_TWO:
                try {
                    long value = Long.parseLong(text.trim().replace("_", ""));
                    if (value < min || value > max) {
                        return null;
                    }
                    return (int) Math.max(min, Integer.highestOneBit((int) value - 1) << 1);
                } catch (NumberFormatException e) {
                    return null;
                }
            case CHOICE: {
                String t = text.trim().toLowerCase(Locale.ROOT);
                return choices.contains(t) ? t : null;
            }
            case DURATION:
                return parseDurationNanos(text);
            case SIZE: {
                long value = parseSizeBytes(text);
                return value >= min ? value : null;
            }
            case PERMISSIONS:
                return parsePermissions(text.trim());
            default:
                throw new AssertionError(kind);
        }
    }

    /** The value as text, in the form {@link #parse} reads back ({@code 1s}, {@code 100MB}, {@code 65536}). */
    public String format(T value) {
        switch (kind) {
            case DURATION:
                return formatDuration((Long) value);
            case SIZE:
                return formatSize((Long) value);
            default:
                return String.valueOf(value);
        }
    }

    /**
     * Whether a blank value means "not set" (the default applies, no line is printed) rather than a bad value: true
     * for free text, where {@code EVENTWEAVE_SERVICE_NAME=} from a script means nothing was chosen.
     */
    boolean blankIsUnset() {
        return kind == Kind.TEXT;
    }

    private static <T> Parser<T> of(Kind kind, String accepted) {
        return new Parser<>(kind, accepted, 0, 0, List.of());
    }

    /** {@code true} or {@code false}, any case. */
    public static Parser<Boolean> bool() {
        return of(Kind.BOOL, "true or false");
    }

    /** Free text, trimmed. */
    public static Parser<String> text() {
        return of(Kind.TEXT, "text");
    }

    /** An integer, 0 or more. */
    public static Parser<Integer> count() {
        return of(Kind.COUNT, "an integer, 0 or more");
    }

    /** An integer from {@code min} to {@code max}. */
    public static Parser<Integer> range(int min, int max) {
        return new Parser<>(Kind.RANGE, "an integer from " + min + " to " + max, min, max, List.of());
    }

    /**
     * An integer from {@code min} to {@code max} (both powers of two), rounded up to a power of two; {@code _} may
     * group digits ({@code 1_048_576}).
     */
    public static Parser<Integer> powerOfTwo(int min, int max) {
        return new Parser<>(Kind.POWER_OF_TWO, "an integer from " + min + " to " + max
                + " (rounded up to a power of two)", min, max, List.of());
    }

    /** One of {@code choices} (given in lower case), any case. */
    public static Parser<String> choice(String... choices) {
        List<String> accepted = List.of(choices);
        return new Parser<>(Kind.CHOICE, "one of " + String.join(", ", accepted), 0, 0, accepted);
    }

    /**
     * A duration in nanoseconds: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, or a plain number of
     * milliseconds; never negative. Written back in the largest unit that divides it ({@code 60s} is {@code 1m}).
     */
    public static Parser<Long> durationNanos() {
        return of(Kind.DURATION, "a duration such as 500ms, 2s, 5m, 1h or 1d (a plain number is milliseconds)");
    }

    /**
     * A size in bytes, at least {@code minimum}: {@code 512KB}, {@code 100MB}, {@code 1GB} (powers of 1024), or a
     * plain number of bytes. Written back in the largest unit that divides it.
     */
    public static Parser<Long> sizeBytes(long minimum) {
        return new Parser<>(Kind.SIZE, "a size such as 512KB, 100MB or 1GB (a plain number is bytes), at least "
                + formatSize(minimum), minimum, 0, List.of());
    }

    /**
     * File permissions as {@code rw-r-----} or octal {@code 0640} (or {@code 640}), written back in the symbolic
     * form; the owner's read and write are always added, or the agent could not write its own file.
     */
    public static Parser<String> permissions() {
        return of(Kind.PERMISSIONS, "permissions as rw-r----- or 0640");
    }

    private static Long parseDurationNanos(String text) {
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
            return value < 0 ? null : unit.toNanos(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String formatDuration(long nanos) {
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

    /** Bytes, or -1 when the text is not a size. */
    private static long parseSizeBytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = KB;
        } else if (t.endsWith("MB")) {
            unit = MB;
        } else if (t.endsWith("GB")) {
            unit = GB;
        }
        String number = unit == 1 ? (t.endsWith("B") ? t.substring(0, t.length() - 1) : t)
                : t.substring(0, t.length() - 2);
        try {
            long value = Long.parseLong(number);
            return value < 0 || value > Long.MAX_VALUE / unit ? -1 : value * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String formatSize(long bytes) {
        if (bytes > 0 && bytes % GB == 0) {
            return bytes / GB + "GB";
        }
        if (bytes > 0 && bytes % MB == 0) {
            return bytes / MB + "MB";
        }
        if (bytes > 0 && bytes % KB == 0) {
            return bytes / KB + "KB";
        }
        return bytes + "B";
    }

    /**
     * {@code 640}, {@code 0640} or {@code rw-r-----}. Checked by hand, not with a regular expression: the setting is
     * read in {@code premain}, where {@code String.matches} would load and compile {@code java.util.regex} (about 25
     * classes) for one short string.
     */
    private static String parsePermissions(String text) {
        String symbolic = text;
        String digits = text.length() == 4 && text.charAt(0) == '0' ? text.substring(1) : text;
        if (digits.length() == 3 && isOctalDigit(digits.charAt(0)) && isOctalDigit(digits.charAt(1))
                && isOctalDigit(digits.charAt(2))) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                int bits = digits.charAt(i) - '0';
                out.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-')
                        .append((bits & 1) != 0 ? 'x' : '-');
            }
            symbolic = out.toString();
        }
        if (symbolic.length() != 9) {
            return null;
        }
        for (int i = 0; i < 9; i++) {
            char c = symbolic.charAt(i);
            if (c != '-' && c != "rwx".charAt(i % 3)) {
                return null;
            }
        }
        return "rw" + symbolic.substring(2);
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }
}
