package io.eventweave.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.Emit;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Byte Buddy's side of the agent, made once, the first time a class an instrumentation wants is loaded (see
 * {@link DeferredInstallTransformer}): every type instrumentation's advice in one {@link AgentBuilder}, made into a
 * transformer that is not registered with the JVM. Only this class and what it reaches load Byte Buddy.
 */
final class ByteBuddyInstallation {
    /**
     * Packages never instrumented: ourselves and Byte Buddy (no recursion: our own code never emits into the ring),
     * and other agents (we never weave into their code).
     */
    private static final String[] IGNORED_PREFIXES = {
        "io.eventweave.", "net.bytebuddy.", "io.opentelemetry.javaagent.", "co.elastic.apm.", "com.newrelic.",
        "datadog.", "com.datadoghq.", "org.glowroot.", "com.dynatrace.", "com.singularity.", "org.apache.skywalking.",
        "jdk.internal.reflect.", "sun.reflect.",
    };

    private ByteBuddyInstallation() {
    }

    /**
     * {@link #transformer} when the deferred transformer asks for it: a class, not a lambda, because it is made in
     * {@code premain}, where a lambda's first call spins a class while the application waits.
     */
    static final class Later implements Supplier<ClassFileTransformer> {
        private final Instrumentation inst;
        private final Map<InstrumentationModule, List<TypeInstrumentation>> modules;
        private final PrintStream err;

        Later(Instrumentation inst, Map<InstrumentationModule, List<TypeInstrumentation>> modules, PrintStream err) {
            this.inst = inst;
            this.modules = modules;
            this.err = err;
        }

        @Override
        public ClassFileTransformer get() {
            return transformer(inst, modules, err);
        }
    }

    /**
     * Byte Buddy's transformer for every type instrumentation of {@code modules} (each module with the type
     * instrumentations the name index was built from), not registered with the JVM.
     */
    static ClassFileTransformer transformer(Instrumentation inst,
            Map<InstrumentationModule, List<TypeInstrumentation>> modules, PrintStream err) {
        Module runtimeModule = Emit.class.getModule();
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        AgentBuilder.Transformer.ForAdvice adviceBase;
        try {
            adviceBase = new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping())
                    .include(agentLoader)
                    .withExceptionHandler(new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                            new MethodDescription.ForLoadedMethod(
                                    AgentErrors.class.getMethod("adviceFailed", Throwable.class)))));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }

        ElementMatcher.Junction<TypeDescription> ignored = isSynthetic();
        for (String prefix : IGNORED_PREFIXES) {
            ignored = ignored.or(nameStartsWith(prefix));
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.LocationStrategy.ForClassLoader.STRONG
                        .withFallbackTo(ClassFileLocator.ForClassLoader.of(agentLoader)))
                .with(new InstrumentationListener(err))
                .ignore(ignored);
        for (Map.Entry<InstrumentationModule, List<TypeInstrumentation>> entry : modules.entrySet()) {
            InstrumentationModule module = entry.getKey();
            ElementMatcher<ClassLoader> loaders = new ClassesPresent(module.classesRequired());
            for (TypeInstrumentation instrumentation : entry.getValue()) {
                if (!exposeRuntimeTo(inst, module.name(), instrumentation, runtimeModule, err)) {
                    continue;
                }
                AdviceTransformer transformer = new AdviceTransformer(module.name(), adviceBase, err);
                instrumentation.transform(transformer);
                ElementMatcher.Junction<TypeDescription> types = instrumentation.types().matcher();
                ElementMatcher<? super TypeDescription> refinement = instrumentation.refinement();
                builder = builder.type(typeThenLoader(refinement == null ? types : types.and(refinement), loaders))
                        .transform(transformer);
            }
        }
        return builder.makeRaw();
    }

    /**
     * The type's name first, the class loader's classes only for a type that matched: nearly every loaded class
     * fails a name comparison, which is cheaper than the per-loader look-up of {@link ClassesPresent}.
     */
    private static AgentBuilder.RawMatcher typeThenLoader(ElementMatcher<? super TypeDescription> types,
            ElementMatcher<ClassLoader> loaders) {
        return (type, classLoader, module, classBeingRedefined, protectionDomain) -> types.matches(type)
                && loaders.matches(classLoader);
    }

    /**
     * {@code AgentBuilder.Default}'s constructor prepares Byte Buddy's Nexus (self-initialisation by class injection),
     * which probes {@code sun.misc.Unsafe} and makes JDK 24+ print a deprecation warning on the application's stderr.
     * Advice is inlined and {@link AgentBuilder.InitializationStrategy.NoOp} is used, so the Nexus is switched off
     * through its (relocated) property for the duration of the construction, and the property is then removed again.
     */
    private static AgentBuilder newAgentBuilder() {
        String previous = System.setProperty(Nexus.PROPERTY, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (previous == null) {
                System.clearProperty(Nexus.PROPERTY);
            } else {
                System.setProperty(Nexus.PROPERTY, previous);
            }
        }
    }

    /** Gives the named JDK modules the advice is inlined into a read edge to the runtime's module. */
    private static boolean exposeRuntimeTo(Instrumentation inst, String moduleName,
            TypeInstrumentation instrumentation, Module runtimeModule, PrintStream err) {
        for (String name : instrumentation.jdkModules()) {
            Optional<Module> module = ModuleLayer.boot().findModule(name);
            if (module.isEmpty()) {
                err.println("eventweave: instrumentation " + moduleName + " is off: module " + name
                        + " is not in this runtime");
                return false;
            }
            inst.redefineModule(module.get(), Set.of(runtimeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return true;
    }

    /** Counts transformation failures. */
    private static final class InstrumentationListener extends AgentBuilder.Listener.Adapter {
        private final PrintStream err;

        InstrumentationListener(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            AgentErrors.record(AgentErrors.INSTRUMENTATION, throwable);
            err.println("eventweave: could not instrument " + typeName + ": " + throwable
                    + "; that class runs unchanged");
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            // nothing to do: success is silent
        }
    }
}
