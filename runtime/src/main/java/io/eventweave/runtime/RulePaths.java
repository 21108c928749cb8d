package io.eventweave.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap of the {@code invokedynamic} instructions that configuration rules weave into the application's
 * methods to read a path of fields and accessors ({@code arg0.url}, {@code return.size}): each call site is linked
 * once, on its first call, to a chain of method handles made with the woven class's own lookup (so it reaches what
 * that class may reach), and from then on it is a constant call site the JIT inlines like the direct calls it stands
 * for. No reflection per call, no allocation of its own.
 *
 * <ul>
 *   <li>A null on the way leaves the value out: null for a reference, {@link RuleFields#ABSENT} (or
 *       {@link RuleFields#ABSENT_DOUBLE_BITS}) for a number.</li>
 *   <li>An accessor that throws leaves the value out too; the failure is counted ({@link AgentErrors#RULE_VALUE}) and
 *       the method's own result or exception is untouched.</li>
 * </ul>
 *
 * <p>The static argument {@code steps} was resolved against the class files when the class was woven, one step per
 * line: {@code F <owner> <name> <descriptor>} (a field), {@code M <owner> <name> <descriptor>} (a method),
 * {@code I <owner> <name> <descriptor>} (an interface method), then optionally {@code T} (the value's
 * {@code toString()}). The call site's type is {@code (root) -> Object} or {@code (root) -> long}: a number is widened
 * to long, a boolean is 0 or 1, a float or double is the bits of the double.
 */
public final class RulePaths {
    private RulePaths() {
    }

    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, String steps)
            throws ReflectiveOperationException {
        ClassLoader loader = caller.lookupClass().getClassLoader();
        Class<?> root = type.parameterType(0);
        boolean number = type.returnType() == long.class;
        String[] lines = steps.split("\n");
        MethodHandle chain = MethodHandles.identity(root);
        Class<?> last = root;
        for (int i = 0; i < lines.length; i++) {
            String step = lines[i];
            MethodHandle next;
            if (step.equals("T")) {
                next = TO_STRING.asType(MethodType.methodType(String.class, last));
            } else {
                String[] parts = step.split(" ");
                Class<?> owner = Class.forName(parts[1], false, loader);
                MethodType accessor = MethodType.fromMethodDescriptorString(parts[3], loader);
                next = parts[0].equals("F") ? caller.findGetter(owner, parts[2], accessor.returnType())
                        : caller.findVirtual(owner, parts[2], accessor);
                next = next.asType(next.type().changeParameterType(0, last));
            }
            last = next.type().returnType();
            if (i == lines.length - 1) {
                // the end of the path: to the call site's type, and a null before it leaves the value out
                next = number ? MethodHandles.filterReturnValue(next, toLong(last))
                        : next.asType(next.type().changeReturnType(Object.class));
                chain = MethodHandles.filterReturnValue(chain, nullSafe(next, absent(number, last)));
            } else {
                chain = MethodHandles.filterReturnValue(chain, nullSafe(next, MethodHandles.constant(last, null)));
            }
        }
        MethodHandle absent = absent(number, last);
        MethodHandle onFailure = MethodHandles.foldArguments(
                MethodHandles.dropArguments(absent, 0, Throwable.class, root), COUNT_FAILURE);
        return new ConstantCallSite(MethodHandles.catchException(chain.asType(type), Throwable.class,
                onFailure.asType(MethodType.methodType(type.returnType(), Throwable.class, root))));
    }

    /** What a value left out is: null, or the sentinel of its kind of number. */
    private static MethodHandle absent(boolean number, Class<?> last) {
        if (!number) {
            return MethodHandles.constant(Object.class, null);
        }
        boolean floating = last == double.class || last == float.class || last == Double.class || last == Float.class;
        return MethodHandles.constant(long.class, floating ? RuleFields.ABSENT_DOUBLE_BITS : RuleFields.ABSENT);
    }

    /** {@code next}, answering {@code whenNull}'s constant for a null input (primitives end a path: no guard). */
    private static MethodHandle nullSafe(MethodHandle next, MethodHandle whenNull) {
        Class<?> in = next.type().parameterType(0);
        if (in.isPrimitive()) {
            return next;
        }
        MethodHandle isNull = IS_NULL.asType(MethodType.methodType(boolean.class, in));
        return MethodHandles.guardWithTest(isNull, MethodHandles.dropArguments(whenNull, 0, in), next);
    }

    /** The conversion of a path's last value to the call site's long. */
    private static MethodHandle toLong(Class<?> type) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        if (type == boolean.class) {
            return lookup.findStatic(RulePaths.class, "fromBoolean", MethodType.methodType(long.class, boolean.class));
        }
        if (type == double.class || type == float.class) {
            return lookup.findStatic(Double.class, "doubleToRawLongBits", MethodType.methodType(long.class,
                    double.class)).asType(MethodType.methodType(long.class, type));
        }
        if (type.isPrimitive()) {
            return MethodHandles.identity(long.class).asType(MethodType.methodType(long.class, type));
        }
        // a boxed number on the path's end (the weaver only asks for long when the static type is numeric)
        return lookup.findStatic(RulePaths.class, "fromBoxed", MethodType.methodType(long.class, Object.class))
                .asType(MethodType.methodType(long.class, type));
    }

    private static long fromBoolean(boolean value) {
        return value ? 1 : 0;
    }

    private static long fromBoxed(Object value) {
        if (value == null) {
            return RuleFields.ABSENT;
        }
        if (value instanceof Double || value instanceof Float) {
            return Double.doubleToRawLongBits(((Number) value).doubleValue());
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        if (value instanceof Character) {
            return (Character) value;
        }
        return ((Number) value).longValue();
    }

    private static boolean isNull(Object value) {
        return value == null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static void failed(Throwable t) {
        AgentErrors.record(AgentErrors.RULE_VALUE, t);
    }

    private static final MethodHandle IS_NULL;
    private static final MethodHandle TO_STRING;
    private static final MethodHandle COUNT_FAILURE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IS_NULL = lookup.findStatic(RulePaths.class, "isNull", MethodType.methodType(boolean.class, Object.class));
            TO_STRING = lookup.findStatic(RulePaths.class, "text", MethodType.methodType(String.class, Object.class));
            COUNT_FAILURE = lookup.findStatic(RulePaths.class, "failed", MethodType.methodType(void.class,
                    Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
