package io.eventweave.instrumentation.api;

import java.io.PrintStream;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Where a {@link TypeInstrumentation} declares its advice (and its call substitutions). Declaring advice also declares
 * what the type must have (a light form of the OpenTelemetry agent's muzzle check): a matched type that declares no
 * method matching {@code methodMatcher} of an {@link #applyAdvice} or a {@link #substituteCall} is left unchanged, with
 * one line on stderr, so advice written for one version of a library never meets another version whose methods
 * changed.
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

    /**
     * Replaces, in the methods {@code methodMatcher} matches, every call of a method {@code calledMethod} matches
     * with a call of the public static method {@code substituteMethodName} of the runtime class
     * {@code substituteClassName}. For a value that exists only as a local variable of the library's method (a wait
     * its interval function returned): the substitute sees it where it is made, and nothing is allocated to pass it.
     * The substitute takes the call's receiver (for an instance method) and its arguments, returns what the call
     * returns, and makes the call itself, letting its result or exception through unchanged. The matched type must
     * declare at least one method {@code methodMatcher} matches, else it stays unchanged with one line on stderr;
     * each such method must make such a call, else the type stays unchanged and the failure is reported as any
     * failed transformation.
     *
     * @param calledMethod matched against the method the call resolves to: a call through a subinterface of
     *                     {@code BiFunction} resolves to {@code BiFunction.apply}, declared by {@code BiFunction}
     * @param substituteClassName a class of the runtime (on the bootstrap class path, where the library's code can
     *                            call it), by binary name
     */
    void substituteCall(ElementMatcher<? super MethodDescription> methodMatcher,
            ElementMatcher<? super MethodDescription> calledMethod, String substituteClassName,
            String substituteMethodName);

    /**
     * Advice bound per method to values only known from the configuration (the rules of {@code eventweave.rules}):
     * {@code weaving} makes, once, the transformer that weaves {@code adviceClassName} into each matched type as it
     * chooses (Byte Buddy's custom advice mappings), given the advice class as the agent locates it and the agent's
     * handler of exceptions its advice suppresses.
     */
    void weave(String adviceClassName, CustomWeaving weaving);

    /** Makes the transformer of {@link #weave}. */
    interface CustomWeaving {
        AgentBuilder.Transformer make(TypeDescription advice, ClassFileLocator adviceClasses,
                Advice.ExceptionHandler exceptionHandler, PrintStream err);
    }
}
