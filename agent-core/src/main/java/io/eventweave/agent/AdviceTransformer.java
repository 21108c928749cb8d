package io.eventweave.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Emit;
import java.io.PrintStream;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The advice and call substitutions one {@link io.eventweave.instrumentation.api.TypeInstrumentation} declared,
 * recorded once when the agent starts, and the muzzle check that comes with them: a matched type that declares no
 * method for one of its {@link #applyAdvice} or {@link #substituteCall} calls stays as it is and one line says why
 * (once per type and class loader), so advice never meets a version whose methods changed and no LinkageError reaches
 * the application.
 */
final class AdviceTransformer implements TypeTransformer, AgentBuilder.Transformer {
    private final String moduleName;
    private final PrintStream err;
    private final List<ElementMatcher<? super MethodDescription>> required = new ArrayList<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final List<AsmVisitorWrapper> substitutions = new ArrayList<>();
    private final List<AgentBuilder.Transformer> custom = new ArrayList<>();
    private final ClassFileLocator adviceClasses;
    private final Advice.ExceptionHandler exceptionHandler;
    private AgentBuilder.Transformer.ForAdvice advice;

    /**
     * @param advice where advice class files are found and how advice failures are counted
     * @param adviceClasses the same place, for {@link #weave}
     * @param exceptionHandler the same handler, for {@link #weave}
     */
    AdviceTransformer(String moduleName, AgentBuilder.Transformer.ForAdvice advice, ClassFileLocator adviceClasses,
            Advice.ExceptionHandler exceptionHandler, PrintStream err) {
        this.moduleName = moduleName;
        this.advice = advice;
        this.adviceClasses = adviceClasses;
        this.exceptionHandler = exceptionHandler;
        this.err = err;
    }

    @Override
    public void weave(String adviceClassName, CustomWeaving weaving) {
        TypeDescription adviceType = TypePool.Default.of(adviceClasses).describe(adviceClassName).resolve();
        custom.add(weaving.make(adviceType, adviceClasses, exceptionHandler, err));
    }

    @Override
    public void applyAdvice(ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName) {
        required.add(methodMatcher);
        advice = advice.advice(methodMatcher, adviceClassName);
    }

    @Override
    public void applyAdvice(ElementMatcher<? super MethodDescription> methodMatcher, String enterAdviceClassName,
            String exitAdviceClassName) {
        required.add(methodMatcher);
        advice = advice.advice(methodMatcher, enterAdviceClassName, exitAdviceClassName);
    }

    @Override
    public void applyAdviceIfPresent(ElementMatcher<? super MethodDescription> methodMatcher,
            String adviceClassName) {
        advice = advice.advice(methodMatcher, adviceClassName);
    }

    /**
     * Relaxed: a method body that names a class its loader lacks (an optional dependency) is no failure. A matched
     * method without the call is one (failIfNoMatch): the call moved, so the values it would give are not seen.
     */
    @Override
    public void substituteCall(ElementMatcher<? super MethodDescription> methodMatcher,
            ElementMatcher<? super MethodDescription> calledMethod, String substituteClassName,
            String substituteMethodName) {
        required.add(methodMatcher);
        substitutions.add(MemberSubstitution.relaxed().with(DefinedShapes.INSTANCE).failIfNoMatch(true)
                .method(calledMethod).replaceWith(runtimeMethod(substituteClassName, substituteMethodName))
                .on(methodMatcher));
    }

    /**
     * The methods a call may resolve to, as their declaring types define them. Byte Buddy matches a virtual or
     * interface call against the receiver type's method graph by descriptor, and there an inherited generic method
     * has its type arguments filled in ({@code IntervalBiFunction}'s {@code apply(Integer, Either)Long}), so the call
     * javac wrote against the erasure ({@code apply(Object, Object)Object}) would match nothing.
     */
    private static final class DefinedShapes extends MethodGraph.Compiler.AbstractBase {
        static final DefinedShapes INSTANCE = new DefinedShapes();

        @Override
        public MethodGraph.Linked compile(TypeDefinition type, TypeDescription viewPoint) {
            return new MethodGraph.Linked.Delegation(MethodGraph.Simple.of(MethodGraph.Compiler.DEFAULT
                    .compile(type, viewPoint).listNodes().asMethodList().asDefined()), MethodGraph.Empty.INSTANCE,
                    Collections.emptyMap());
        }
    }

    /** The public static method of a runtime class, looked up where the instrumented code will find it. */
    private static MethodDescription runtimeMethod(String className, String methodName) {
        Class<?> type;
        try {
            type = Class.forName(className, false, Emit.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no runtime class " + className, e);
        }
        MethodList<MethodDescription.InDefinedShape> methods = TypeDescription.ForLoadedType.of(type)
                .getDeclaredMethods().filter(named(methodName).and(isPublic()).and(isStatic()));
        if (methods.size() != 1) {
            throw new IllegalArgumentException(className + " has " + methods.size() + " public static methods named "
                    + methodName + "; a substitute needs exactly one");
        }
        return methods.getOnly();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
            ClassLoader classLoader, JavaModule module, ProtectionDomain protectionDomain) {
        for (ElementMatcher<? super MethodDescription> method : required) {
            if (type.getDeclaredMethods().filter(method).isEmpty()) {
                if (reported.add(type.getName() + "@" + System.identityHashCode(classLoader))) {
                    err.println("eventweave: instrumentation " + moduleName + " is off for " + type.getName() + " in "
                            + classLoader + ": it has no method " + method
                            + " (a version eventweave does not know); that class runs unchanged");
                }
                return builder;
            }
        }
        DynamicType.Builder<?> transformed = advice.transform(builder, type, classLoader, module, protectionDomain);
        for (AsmVisitorWrapper substitution : substitutions) {
            transformed = transformed.visit(substitution);
        }
        for (AgentBuilder.Transformer transformer : custom) {
            transformed = transformer.transform(transformed, type, classLoader, module, protectionDomain);
        }
        return transformed;
    }
}
