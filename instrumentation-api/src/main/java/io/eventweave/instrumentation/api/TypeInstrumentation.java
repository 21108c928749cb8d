package io.eventweave.instrumentation.api;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The advice one type (or one family of types) gets. Advice classes are named, never loaded by the agent, and may
 * reference only the JDK, {@code io.eventweave.runtime} and the instrumented library: they are inlined into classes
 * of other loaders.
 */
public interface TypeInstrumentation {
    /** The types instrumented, by name (see {@link TypeMatch}: the agent turns every other class away by name). */
    TypeMatch types();

    /**
     * A further check on the candidates of {@link #types()} (for example {@code declaresMethod}), made by Byte Buddy
     * and so called only once Byte Buddy is up; none by default.
     */
    default ElementMatcher<? super TypeDescription> refinement() {
        return ElementMatchers.any();
    }

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
