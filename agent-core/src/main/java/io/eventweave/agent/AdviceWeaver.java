package io.eventweave.agent;

import io.eventweave.runtime.AgentErrors;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves advice into one class file with Byte Buddy's type API, as {@code AgentBuilder.Default}'s transformer would
 * with {@code disableClassFormatChanges()}, {@code PoolStrategy.Default.FAST} and the pool-only description
 * strategy: describe the class from its bytes, match it, redefine it with the frozen instrumented type (no field,
 * method or initializer added) and return the new bytes.
 *
 * <p>Why not {@code AgentBuilder.makeRaw()}: on Java 9+ its transformer class is a subclass Byte Buddy generates at
 * run time ({@code AgentBuilder.Default.ExecutingTransformer.Factory.CreationAction}, the "ModuleSupport" bridge, in
 * 1.18.17), which loads Byte Buddy's whole subclass and class-loading machinery for that one class, on the
 * application thread that loads the first instrumented class; the {@code AgentBuilder.Default} around it loads
 * about a hundred strategy classes we configure away. This class needs neither: {@link DeferredInstallTransformer}
 * is already the JVM-facing transformer.
 */
final class AdviceWeaver implements ClassFileTransformer {
    /** One type instrumentation: which types, in which class loaders, and what to weave into them. */
    static final class Transformation {
        final ElementMatcher<? super TypeDescription> types;
        final ElementMatcher<ClassLoader> loaders;
        final AgentBuilder.Transformer transformer;

        Transformation(ElementMatcher<? super TypeDescription> types, ElementMatcher<ClassLoader> loaders,
                AgentBuilder.Transformer transformer) {
            this.types = types;
            this.loaders = loaders;
            this.transformer = transformer;
        }
    }

    /** Set while this thread weaves a class: a class it loads meanwhile is left as it is (no re-entry). */
    private static final ThreadLocal<Boolean> WEAVING = new ThreadLocal<>();

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(VisibilityBridgeStrategy.Default.NEVER);
    private final List<Transformation> transformations;
    private final ElementMatcher<? super TypeDescription> ignored;
    /** Where the advice's own references are found when the instrumented class's loader does not see them. */
    private final ClassFileLocator agentClasses;
    private final PrintStream err;

    AdviceWeaver(List<Transformation> transformations, ElementMatcher<? super TypeDescription> ignored,
            ClassLoader agentLoader, PrintStream err) {
        this.transformations = transformations;
        this.ignored = ignored;
        this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
        this.err = err;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || WEAVING.get() != null) {
            return null;
        }
        String typeName = className.replace('/', '.');
        WEAVING.set(Boolean.TRUE);
        try {
            return weave(typeName, module, loader, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
            err.println("eventweave: could not instrument " + typeName + ": " + t + "; that class runs unchanged");
            return null;
        } finally {
            WEAVING.remove();
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private byte[] weave(String typeName, Module module, ClassLoader loader, ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName,
                classfileBuffer), ClassFileLocator.ForClassLoader.of(loader), agentClasses);
        TypePool pool = new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(
                TypePool.CacheProvider.Simple.withObjectType(), locator, TypePool.Default.ReaderMode.FAST));
        TypeDescription type = pool.describe(typeName).resolve();
        if (ignored.matches(type)) {
            return null;
        }
        DynamicType.Builder<?> builder = null;
        JavaModule javaModule = module == null ? null : JavaModule.of(module);
        for (Transformation transformation : transformations) {
            // the type's name first: the per-loader look-up of ClassesPresent only for a type that matched
            if (transformation.types.matches(type) && transformation.loaders.matches(loader)) {
                if (builder == null) {
                    builder = byteBuddy.redefine(type, locator)
                            .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
                }
                builder = transformation.transformer.transform(builder, type, loader, javaModule,
                        protectionDomain);
            }
        }
        return builder == null ? null : builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    }
}
