package io.eventweave.agent;

import io.eventweave.instrumentation.api.TypeTransformer;
import java.io.PrintStream;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The advice one {@link io.eventweave.instrumentation.api.TypeInstrumentation} declared, recorded once when the agent
 * starts, and the muzzle check that comes with it: a matched type that declares no method for one of its
 * {@link #applyAdvice} calls stays as it is and one line says why (once per type and class loader), so advice never
 * meets a version whose methods changed and no LinkageError reaches the application.
 */
final class AdviceTransformer implements TypeTransformer, AgentBuilder.Transformer {
    private final String moduleName;
    private final PrintStream err;
    private final List<ElementMatcher<? super MethodDescription>> required = new ArrayList<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private AgentBuilder.Transformer.ForAdvice advice;

    /** @param advice where advice class files are found and how advice failures are counted */
    AdviceTransformer(String moduleName, AgentBuilder.Transformer.ForAdvice advice, PrintStream err) {
        this.moduleName = moduleName;
        this.advice = advice;
        this.err = err;
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
        return advice.transform(builder, type, classLoader, module, protectionDomain);
    }
}
