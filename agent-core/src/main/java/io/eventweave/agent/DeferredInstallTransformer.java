package io.eventweave.agent;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.OpenTelemetryBridge;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one transformer the agent registers when it starts, before Byte Buddy is loaded: it sees every class the JVM
 * loads, turns away by name ({@link TypeNameIndex}) every class no instrumentation wants, and brings Byte Buddy up
 * the first time a class one does want appears, handing it that class and every later candidate. An application
 * that loads none of the instrumented libraries never loads Byte Buddy; one that loads some pays for Byte Buddy once,
 * when the first of them loads, and Byte Buddy never looks at the other classes.
 *
 * <p>It also notices the application's OpenTelemetry API by name ({@code io.opentelemetry.api.trace.Span}), so the
 * trace context can be read from it.
 */
final class DeferredInstallTransformer implements ClassFileTransformer {
    /** The application's OpenTelemetry API, noticed by this type's name (binary and internal forms). */
    private static final String OTEL_SPAN_NAME = "io.opentelemetry.api.trace.Span";
    private static final String OTEL_SPAN = OTEL_SPAN_NAME.replace('.', '/');

    private final TypeNameIndex index;
    private final ClassLoader agentLoader;
    private final Supplier<ClassFileTransformer> byteBuddyFactory;
    private final boolean timing;
    private final PrintStream err;
    /** Byte Buddy's transformer once made; written under {@code this}'s lock, read without it. */
    private volatile ClassFileTransformer byteBuddy;
    /** Set when making Byte Buddy's transformer failed: candidates are then left as they are. */
    private volatile boolean failed;
    /** The thread making Byte Buddy's transformer, so that classes it loads meanwhile are not handed to it. */
    private volatile Thread installing;
    /** The thread that made Byte Buddy's transformer, until it has printed the timing of the first class. */
    private volatile Thread maker;
    /** Set by {@link #install}: to retransform the followers' classes once Byte Buddy is up. */
    private volatile Instrumentation inst;
    DeferredInstallTransformer(TypeNameIndex index, ClassLoader agentLoader,
            Supplier<ClassFileTransformer> byteBuddyFactory, boolean timing, PrintStream err) {
        this.index = index;
        this.agentLoader = agentLoader;
        this.byteBuddyFactory = byteBuddyFactory;
        this.timing = timing;
        this.err = err;
    }

    /** Registers this transformer and retransforms the candidates among the classes loaded before it. */
    void install(Instrumentation inst) {
        this.inst = inst;
        warmUp();
        inst.addTransformer(this, true);
        Class<?>[] all = inst.getAllLoadedClasses();
        for (Class<?> type : all) {
            if (type.getName().equals(OTEL_SPAN_NAME)) {
                OpenTelemetryBridge.register(type.getClassLoader());
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : index.loadedCandidates(all, agentLoader)) {
            if (!index.isFollower(type.getName().replace('.', '/')) && inst.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable t) {
                AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
                err.println("eventweave: could not instrument classes loaded before the agent started: " + t);
            }
        }
    }

    /**
     * Runs the path every class load takes once, on a class file of our own, so that every class it needs is loaded
     * before the JVM calls it: a class first loaded from inside a transformer, while the JVM is loading a class it
     * depends on, fails with a {@link ClassCircularityError}.
     */
    private void warmUp() {
        try (InputStream in = DeferredInstallTransformer.class.getResourceAsStream(
                "DeferredInstallTransformer.class")) {
            byte[] own = in == null ? new byte[0] : in.readAllBytes();
            index.isCandidate("io/eventweave/agent/WarmUp", own);
            ClassHeader.extendsAnyOf(own, Set.of());
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || (loader != null && loader == agentLoader)) {
            return null;
        }
        try {
            if (className.equals(OTEL_SPAN)) {
                OpenTelemetryBridge.register(loader);
            }
            if (!index.isCandidate(className, classfileBuffer)
                    || byteBuddy == null && index.isFollower(className)) { // woven once another module's class is
                return null;
            }
            long begin = System.nanoTime();
            ClassFileTransformer transformer = byteBuddy();
            if (transformer == null) {
                return null;
            }
            // Only the thread that made Byte Buddy's transformer times it, once: another thread that waited for it
            // on the lock is not "first".
            boolean first = maker == Thread.currentThread();
            if (first) {
                maker = null;
            }
            StartupTimeline timeline = first && timing ? new StartupTimeline("byte buddy for " + className, begin)
                    : null;
            if (timeline != null) {
                timeline.mark("transformer");
            }
            byte[] transformed = transformer.transform(module, loader, className, classBeingRedefined,
                    protectionDomain, classfileBuffer);
            if (timeline != null) {
                timeline.mark("first class");
                timeline.print(err);
            }
            return transformed;
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        return transform(null, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    /**
     * Now that Byte Buddy is up, the followers' classes loaded before it (the JDK's executors and {@code Thread}) are
     * retransformed, on a thread of their own: retransforming from inside a class load is not allowed. Classes loaded
     * from now on are woven as they load.
     */
    private void weaveFollowersLoadedBefore() {
        Instrumentation instrumentation = inst;
        if (!index.hasFollowers() || instrumentation == null) {
            return;
        }
        Thread weaver = new Thread(() -> {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (!type.isArray() && !type.isPrimitive() && index.isFollower(type.getName().replace('.', '/'))
                        && instrumentation.isModifiableClass(type)) {
                    loaded.add(type);
                }
            }
            if (!loaded.isEmpty()) {
                try {
                    instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
                } catch (Throwable t) {
                    AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
                    err.println("eventweave: could not carry the trace context across threads: " + t);
                }
            }
        }, "eventweave-weaver");
        weaver.setDaemon(true);
        weaver.start();
    }

    /** Byte Buddy's transformer, made on the first call; null while this thread is making it, or if that failed. */
    private ClassFileTransformer byteBuddy() {
        ClassFileTransformer made = byteBuddy;
        if (made != null || failed || installing == Thread.currentThread()) {
            return made;
        }
        synchronized (this) {
            if (byteBuddy == null && !failed) {
                installing = Thread.currentThread();
                try {
                    byteBuddy = byteBuddyFactory.get();
                    maker = Thread.currentThread();
                    weaveFollowersLoadedBefore();
                } catch (Throwable t) {
                    failed = true;
                    AgentErrors.record(AgentErrors.INSTRUMENTATION, t);
                    err.println("eventweave: instrumentations are off, the application runs without them: " + t);
                } finally {
                    installing = null;
                }
            }
            return byteBuddy;
        }
    }
}
