package io.eventweave.agent.instrumentation;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented library: which types it touches and which advice it puts on which methods. Advice classes are
 * named, not loaded, and may reference only the JDK and {@code io.eventweave.runtime} (they are inlined into
 * classes of other loaders).
 */
public interface TypeInstrumentation {
    /** The name of {@code instrumentation.<name>.enabled}; also the {@code event.provider}. */
    String name();

    /**
     * Named JDK modules the advice is inlined into, which must read the runtime's (bootstrap, unnamed) module; none
     * for libraries on the class path (unnamed modules read every module).
     */
    default List<String> modules() {
        return List.of();
    }

    /** Cheapest first: exact names before any hierarchy check. */
    ElementMatcher<TypeDescription> types();

    /**
     * Methods a matched type must declare for the advice to mean anything (a light form of the OpenTelemetry agent's
     * muzzle check): when one is missing, that type is left unchanged and one line on stderr says so.
     */
    default List<ElementMatcher<? super MethodDescription>> requiredMethods() {
        return List.of();
    }

    /** Adds the advice; {@code advice} already knows where to find advice class files and how to count failures. */
    AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice);
}
