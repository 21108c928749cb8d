package io.eventweave.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.ModuleCatalog;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventKind;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Byte Buddy's side of the agent, made once, the first time a class an instrumentation wants is loaded (see
 * {@link DeferredInstallTransformer}): every type instrumentation's advice in one {@link AdviceWeaver}, a
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
        private final List<InstrumentationModule> modules;
        private final Map<InstrumentationModule, List<TypeInstrumentation>> made;
        private final PrintStream err;

        /**
         * @param modules the modules that are on, in order; those from the catalog ({@link CatalogModule}) are
         *     made when Byte Buddy comes up
         * @param made the type instrumentations of the others, made for the name index
         */
        Later(Instrumentation inst, List<InstrumentationModule> modules,
                Map<InstrumentationModule, List<TypeInstrumentation>> made, PrintStream err) {
            this.inst = inst;
            this.modules = modules;
            this.made = made;
            this.err = err;
        }

        /**
         * Also gives the ring's slots their HTTP and policy sections, before any library class is woven: every
         * library instrumentation writes one or the other (a process that loads none of their classes never makes
         * them).
         */
        @Override
        public ClassFileTransformer get() {
            Emit.makeSections(EventKind.Family.HTTP);
            Emit.makeSections(EventKind.Family.POLICY);
            return transformer(inst, instrumentations(modules, made, err), err);
        }
    }

    /**
     * Every module's type instrumentations, in order: the catalog's modules made now, and checked against what the
     * catalog said they match (the name index was built from it). A module whose matches differ is still woven with
     * its own, and the difference is said and counted: the index may then turn its classes away, so the agent jar
     * is not the one its catalog was written for.
     */
    static Map<InstrumentationModule, List<TypeInstrumentation>> instrumentations(List<InstrumentationModule> modules,
            Map<InstrumentationModule, List<TypeInstrumentation>> made, PrintStream err) {
        Map<InstrumentationModule, List<TypeInstrumentation>> all = new LinkedHashMap<>();
        for (InstrumentationModule module : modules) {
            if (!(module instanceof CatalogModule catalogued)) {
                all.put(module, made.get(module));
                continue;
            }
            InstrumentationModule real;
            try {
                real = catalogued.load();
            } catch (IllegalStateException e) {
                AgentErrors.record(AgentErrors.INSTRUMENTATION, e);
                err.println("eventweave: " + e.getMessage() + "; the module is left out");
                continue;
            }
            List<TypeInstrumentation> instrumentations = real.typeInstrumentations();
            List<TypeMatch> types = ModuleCatalog.Entry.of(real, instrumentations).types();
            if (!types.equals(catalogued.entry().types())) {
                IllegalStateException mismatch = new IllegalStateException("instrumentation module " + real.name()
                        + " matches " + types + ", its catalog entry " + catalogued.entry().types());
                AgentErrors.record(AgentErrors.INSTRUMENTATION, mismatch);
                err.println("eventweave: " + mismatch.getMessage() + ": the agent jar's catalog is out of date");
            }
            all.put(real, instrumentations);
        }
        return all;
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
        Advice.ExceptionHandler exceptionHandler;
        try {
            exceptionHandler = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                    new MethodDescription.ForLoadedMethod(AgentErrors.class.getMethod("adviceFailed",
                            Throwable.class))));
            adviceBase = new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping())
                    .include(agentLoader)
                    .withExceptionHandler(exceptionHandler);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        ClassFileLocator adviceClasses = ClassFileLocator.ForClassLoader.of(agentLoader);

        ElementMatcher.Junction<TypeDescription> ignored = isSynthetic();
        for (String prefix : IGNORED_PREFIXES) {
            ignored = ignored.or(nameStartsWith(prefix));
        }
        List<AdviceWeaver.Transformation> transformations = new ArrayList<>();
        for (Map.Entry<InstrumentationModule, List<TypeInstrumentation>> entry : modules.entrySet()) {
            InstrumentationModule module = entry.getKey();
            ElementMatcher<ClassLoader> loaders = new ClassesPresent(module.classesRequired());
            for (TypeInstrumentation instrumentation : entry.getValue()) {
                if (!exposeRuntimeTo(inst, module.name(), instrumentation, runtimeModule, err)) {
                    continue;
                }
                AdviceTransformer transformer = new AdviceTransformer(module.name(), adviceBase, adviceClasses,
                        exceptionHandler, err);
                instrumentation.transform(transformer);
                ElementMatcher.Junction<TypeDescription> types = instrumentation.types().matcher();
                ElementMatcher<? super TypeDescription> refinement = instrumentation.refinement();
                transformations.add(new AdviceWeaver.Transformation(
                        refinement == null ? types : types.and(refinement), loaders, transformer));
            }
        }
        return new AdviceWeaver(transformations, ignored, agentLoader, err);
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
}
