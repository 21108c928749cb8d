package io.eventweave.agent.rules;

import io.eventweave.runtime.RuleEvents;
import io.eventweave.runtime.ThreadState;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * The advice every rule weaves into the methods it matches, bound per method by {@link RuleWeaver}: the site number,
 * the {@code on} filter and the value count as constants, and each value as the bytecode that reads it there (an
 * argument, {@code this}, the return value or the throwable, through an {@code invokedynamic} path when the rule names
 * one). A value is read only after the filter passed, where the exit advice passes it on. Calls of one rule's
 * methods of one name nest (an overload calling another, an override calling {@code super}): only the outermost
 * writes.
 */
public final class RuleAdvice {
    /** {@link #ON} values. */
    static final int ON_BOTH = 0;
    static final int ON_RETURN = 1;
    static final int ON_THROW = 2;

    private RuleAdvice() {
    }

    /** {@link #enter}'s answer for a call inside another of the same rule: it writes no event. */
    static final long NESTED = Long.MIN_VALUE;

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Nesting int nesting, @Advice.Local("thread") ThreadState thread) {
        thread = ThreadState.current();
        return thread.enterRule(nesting) == 0 ? System.nanoTime() : NESTED;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Nesting int nesting, @Advice.Local("thread") ThreadState thread, @Site int site,
            @On int on, @Count int count, @Advice.Enter long start, @Advice.Thrown Throwable thrown,
            @Ref(0) Object r0, @Ref(1) Object r1, @Ref(2) Object r2, @Ref(3) Object r3, @Ref(4) Object r4,
            @Ref(5) Object r5, @Number(0) long n0, @Number(1) long n1, @Number(2) long n2, @Number(3) long n3,
            @Number(4) long n4, @Number(5) long n5) {
        if (thread == null || thread.exitRule(nesting) != 0 || start == NESTED) {
            return;
        }
        if (on != ON_BOTH && (thrown == null ? on == ON_THROW : on == ON_RETURN)) {
            return;
        }
        RuleEvents.emit(site, start, thrown, count, r0, r1, r2, r3, r4, r5, n0, n1, n2, n3, n4, n5);
    }

    /** The number the method's calls nest by: the rule and the method's name ({@code RuleSites.nestingKey}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Nesting {
    }

    /** The rule site's number. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Site {
    }

    /** {@link #ON_BOTH}, {@link #ON_RETURN} or {@link #ON_THROW}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface On {
    }

    /** How many values the rule reads. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Count {
    }

    /** The value of that index when it is a reference, else null. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Ref {
        int value();
    }

    /** The value of that index when it is a number (or boolean), else 0. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Number {
        int value();
    }
}
