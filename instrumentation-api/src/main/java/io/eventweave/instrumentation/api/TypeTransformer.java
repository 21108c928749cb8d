package io.eventweave.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Where a {@link TypeInstrumentation} declares its advice. Declaring advice also declares what the type must have (a
 * light form of the OpenTelemetry agent's muzzle check): a matched type that declares no method matching
 * {@code methodMatcher} of an {@link #applyAdvice} is left unchanged, with one line on stderr, so advice written for
 * one version of a library never meets another version whose methods changed.
 */
public interface TypeTransformer {
    /**
     * Puts {@code adviceClassName}'s enter and exit advice on the methods {@code methodMatcher} matches; the matched
     * type must declare at least one.
     *
     * @param adviceClassName a binary name, for example {@code getClass().getName() + "$SendAdvice"} (a class literal
     *                        would load the advice class into the agent)
     */
    void applyAdvice(ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName);

    /** The same with the enter and the exit advice in two classes, for an enter advice that several exits share. */
    void applyAdvice(ElementMatcher<? super MethodDescription> methodMatcher, String enterAdviceClassName,
            String exitAdviceClassName);

    /**
     * Advice on a method that some of the matched types or versions lack, on purpose: a type without it still gets
     * its other advice. Say at the call which types or versions have no such method.
     */
    void applyAdviceIfPresent(ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName);
}
