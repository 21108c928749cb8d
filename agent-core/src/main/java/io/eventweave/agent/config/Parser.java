package io.eventweave.agent.config;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    private final String accepted;
    private final Function<String, T> parse;
    private final Function<T, String> format;
    private final boolean blankIsUnset;

    private Parser(String accepted, Function<String, T> parse, Function<T, String> format, boolean blankIsUnset) {
        this.accepted = accepted;
        this.parse = parse;
        this.format = format;
        this.blankIsUnset = blankIsUnset;
    }

    /** What is accepted, as it follows "expected " in the bad-value line. */
    public String accepted() {
        return accepted;
    }

    /** The value, or null when {@code text} is not accepted. */
    public T parse(String text) {
        return text == null ? null : parse.apply(text);
    }

    /** The value as text, in the form {@link #parse} reads back ({@code 1s}, {@code 100MB}, {@code 65536}). */
    public String format(T value) {
        return format.apply(value);
    }

    /**
     * Whether a blank value means "not set" (the default applies, no line is printed) rather than a bad value: true
     * for free text, where {@code EVENTWEAVE_SERVICE_NAME=} from a script means nothing was chosen.
     */
    boolean blankIsUnset() {
        return blankIsUnset;
    }

    /** {@code true} or {@code false}, any case. */
    public static Parser<Boolean> bool() {
        return new Parser<>("true or false", text -> {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
        }, value -> Boolean.toString(value), false);
    }

    /** Free text, trimmed. */
    public static Parser<String> text() {
        return new Parser<>("text", String::trim, value -> value, true);
    }

    /** An integer, 0 or more. */
    public static Parser<Integer> count() {
        return new Parser<>("an integer, 0 or more", text -> {
            try {
                int value = Integer.parseInt(text.trim());
                return value < 0 ? null : value;
            } catch (NumberFormatException e) {
                return null;
            }
        }, value -> Integer.toString(value), false);
    }

    /**
     * An integer from {@code min} to {@code max} (both powers of two), rounded up to a power of two; {@code _} may
     * group digits ({@code 1_048_576}).
     */
    public static Parser<Integer> powerOfTwo(int min, int max) {
        return new Parser<>("an integer from " + min + " to " + max + " (rounded up to a power of two)", text -> {
            try {
                long value = Long.parseLong(text.trim().replace("_", ""));
                if (value < min || value > max) {
                    return null;
                }
                return Math.max(min, Integer.highestOneBit((int) value - 1) << 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }, value -> Integer.toString(value), false);
    }

    /** One of {@code choices} (given in lower case), any case. */
    public static Parser<String> choice(String... choices) {
        List<String> accepted = List.of(choices);
        return new Parser<>("one of " + String.join(", ", accepted), text -> {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return accepted.contains(t) ? t : null;
        }, value -> value, false);
    }

    /**
     * A duration in nanoseconds: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, or a plain number of
     * milliseconds; never negative. Written back in the largest unit that divides it ({@code 60s} is {@code 1m}).
     */
    public static Parser<Long> durationNanos() {
        return new Parser<>("a duration such as 500ms, 2s, 5m, 1h or 1d (a plain number is milliseconds)",
                Parser::parseDurationNanos, Parser::formatDuration, false);
    }

    /**
     * A size in bytes, at least {@code minimum}: {@code 512KB}, {@code 100MB}, {@code 1GB} (powers of 1024), or a
     * plain number of bytes. Written back in the largest unit that divides it.
     */
    public static Parser<Long> sizeBytes(long minimum) {
        return new Parser<>("a size such as 512KB, 100MB or 1GB (a plain number is bytes), at least "
                + formatSize(minimum), text -> {
                    long value = parseSizeBytes(text);
                    return value >= minimum ? value : null;
                }, Parser::formatSize, false);
    }

    /**
     * File permissions as {@code rw-r-----} or octal {@code 0640} (or {@code 640}), written back in the symbolic
     * form; the owner's read and write are always added, or the agent could not write its own file.
     */
    public static Parser<String> permissions() {
        return new Parser<>("permissions as rw-r----- or 0640", text -> parsePermissions(text.trim()), value -> value,
                false);
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

    private static String parsePermissions(String text) {
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
}
