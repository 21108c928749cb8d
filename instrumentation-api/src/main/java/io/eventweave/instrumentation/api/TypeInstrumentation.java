package io.eventweave.instrumentation.api;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice one type (or one family of types) gets. Advice classes are named, never loaded by the agent, and may
 * reference only the JDK, {@code io.eventweave.runtime} and the instrumented library: they are inlined into classes
 * of other loaders.
 */
public interface TypeInstrumentation {
    /** Cheapest first: exact names before any hierarchy check. */
    ElementMatcher<TypeDescription> typeMatcher();

    /**
     * Named JDK modules the advice is inlined into, which must read the runtime's (bootstrap, unnamed) module; none
     * for libraries on the class path (unnamed modules read every module).
     */
    default List<String> jdkModules() {
        return List.of();
    }

    /** Declares the advice, once, when the agent starts. */
    void transform(TypeTransformer transformer);
}
