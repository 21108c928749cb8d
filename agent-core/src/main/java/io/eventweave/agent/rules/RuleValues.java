package io.eventweave.agent.rules;

import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.RuleFields;
import java.time.Duration;
import java.util.Locale;

/**
 * A rule event's values as the drainer reads them from the slot, and the rules that turn them into the schema's
 * values. Drainer thread only; nothing here calls the application's code except what the values' own classes are
 * (a {@code String}, a boxed number, an enum's {@code name()}).
 */
public final class RuleValues {
    private RuleValues() {
    }

    /** The value of {@code value} in {@code raw}, its words applied; null when it was left out. */
    public static Object read(RuleSite.Value value, RuleFields raw) {
        Object v;
        switch (value.storage) {
            case CONSTANT:
                v = value.field.value.constant;
                break;
            case REF:
                v = raw.ref(value.index);
                break;
            case BOOLEAN: {
                long n = raw.number(value.index);
                v = n == RuleFields.ABSENT ? null : n != 0;
                break;
            }
            case FLOATING: {
                long n = raw.number(value.index);
                v = n == RuleFields.ABSENT_DOUBLE_BITS ? null : Double.longBitsToDouble(n);
                break;
            }
            default: { // INTEGER
                long n = raw.number(value.index);
                v = n == RuleFields.ABSENT ? null : n;
                break;
            }
        }
        if (v == null || value.field.value.map.isEmpty()) {
            return v;
        }
        String word = value.field.value.map.get(key(v));
        return word == null ? v : word;
    }

    /** The text a value is looked up by in a rule's {@code map}. */
    private static String key(Object v) {
        if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return Long.toString((long) d);
            }
        }
        return text(v);
    }

    /**
     * A value as text: strings as they are, enums by name, a {@code Class} or a {@code Throwable} by class name,
     * numbers and booleans as written; any other object by its class name (its {@code toString()} only with
     * {@code as text}, which the woven code already called).
     */
    public static String text(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Enum) {
            return ((Enum<?>) v).name();
        }
        if (v instanceof Class) {
            return ((Class<?>) v).getName();
        }
        if (v instanceof Throwable) {
            return v.getClass().getName();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof Boolean || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : Double.toString(d);
        }
        return v.getClass().getName();
    }

    /** A duration in nanoseconds from a number in {@code unit} or a {@link Duration}; null when it is neither. */
    public static Long nanos(Object v, ValueExpression.Unit unit) {
        long per = unit.isDuration() ? unit.nanos : 1;
        if (v instanceof Duration) {
            return ((Duration) v).toNanos();
        }
        if (v instanceof Double || v instanceof Float) {
            return Math.round(((Number) v).doubleValue() * per);
        }
        if (v instanceof Number) {
            return ((Number) v).longValue() * per;
        }
        return null;
    }

    /** A percentage as {@code circuit_breaker.failure_rate} takes it; -1 (left out) when it is not a number. */
    public static float percent(Object v) {
        if (v instanceof Number) {
            return ((Number) v).floatValue();
        }
        try {
            return Float.parseFloat(text(v).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A whole number, or null. */
    public static Long integer(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return Math.round(((Number) v).doubleValue());
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A breaker state in the schema's words whatever the application's spelling: {@code HALF_OPEN}, {@code HalfOpen},
     * {@code half-open} and {@code half_open} are all {@code half_open}; null for a state the schema does not have.
     */
    public static BreakerState state(Object v) {
        if (v == null) {
            return null;
        }
        String s = text(v).toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
        switch (s) {
            case "closed":
                return BreakerState.CLOSED;
            case "open":
                return BreakerState.OPEN;
            case "halfopen":
                return BreakerState.HALF_OPEN;
            case "disabled":
                return BreakerState.DISABLED;
            case "forcedopen":
                return BreakerState.FORCED_OPEN;
            case "metricsonly":
                return BreakerState.METRICS_ONLY;
            default:
                return null;
        }
    }
}
