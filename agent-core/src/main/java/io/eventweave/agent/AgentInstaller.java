package io.eventweave.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.config.InstrumentationSwitch;
import io.eventweave.agent.output.AgentInfo;
import io.eventweave.agent.output.Drainer;
import io.eventweave.agent.output.Envelope;
import io.eventweave.agent.output.ErrorReporter;
import io.eventweave.agent.output.JsonlFileHandler;
import io.eventweave.agent.output.OutputSettings;
import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.OpenTelemetryBridge;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.RingBuffer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import java.io.File;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
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
 * Starts the agent core (called by {@code io.eventweave.premain.AgentPremain} inside the agent class loader):
 * configuration, trace context from the environment, the ring and its drainer, the shutdown hook, then the
 * instrumentations. Everything that can fail is reported in one line and leaves the application untouched.
 */
public final class AgentInstaller {
    /**
     * Packages never instrumented: ourselves and Byte Buddy (no recursion: our own code never emits into the ring),
     * and other agents (we never weave into their code).
     */
    private static final String[] IGNORED_PREFIXES = {
        "io.eventweave.", "net.bytebuddy.", "io.opentelemetry.javaagent.", "co.elastic.apm.", "com.newrelic.",
        "datadog.", "com.datadoghq.", "org.glowroot.", "com.dynatrace.", "com.singularity.", "org.apache.skywalking.",
        "jdk.internal.reflect.", "sun.reflect.",
    };

    private AgentInstaller() {
    }

    /**
     * The instrumentation modules in the agent jar, in the order of its service file (agent/pom.xml writes one line
     * per {@code instrumentation/} folder, in the order of the folder names).
     */
    static List<InstrumentationModule> modules() {
        List<InstrumentationModule> modules = new ArrayList<>();
        ServiceLoader.load(InstrumentationModule.class, AgentInstaller.class.getClassLoader()).forEach(modules::add);
        return modules;
    }

    /** One {@code instrumentation.<name>.enabled} switch per module. */
    static List<InstrumentationSwitch> switches(List<InstrumentationModule> modules) {
        List<InstrumentationSwitch> switches = new ArrayList<>();
        for (InstrumentationModule module : modules) {
            switches.add(new InstrumentationSwitch(module.name(), module.description()));
        }
        return switches;
    }

    public static void install(String agentArgs, Instrumentation inst, File agentJar, boolean dynamic) {
        PrintStream err = System.err;
        Map<String, String> environment = System.getenv();
        List<InstrumentationModule> modules = modules();
        AgentSettings settings = AgentSettings.load(agentArgs, System.getProperties(), environment, err,
                switches(modules));
        if (!settings.enabled()) {
            return; // switched off in the configuration file
        }
        Instant start = Instant.now();
        ProcessIdentity identity = ProcessIdentity.current();
        Path output = OutputPathPattern.resolve(settings.outputPathPattern(), identity, start);
        OutputSettings outputSettings = new OutputSettings(output, settings.outputMaxFileSize(),
                settings.outputRotateIntervalNanos(), settings.outputGzip(), settings.outputMaxFiles(),
                settings.outputTotalSizeCap(), settings.outputFilePermissions(), settings.outputMaxLineSize(),
                settings.outputFsync());
        int queueSize = settings.queueSize();
        Trace.setProcessContext(processTraceContext(environment, err));

        List<InstrumentationModule> enabled = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (InstrumentationModule module : modules) {
            if (settings.instrumentationEnabled(module.name())) {
                enabled.add(module);
                names.add(module.name());
            }
        }
        PolicyEvents.recordAcquired(settings.rateLimiterRecordAcquired());

        RingBuffer ring = new RingBuffer(queueSize);
        AgentInfo info = new AgentInfo(AgentVersion.get(), output.toString(), queueSize, names,
                settings.effectiveValues());
        Envelope envelope = new Envelope(settings.serviceName(), identity.instanceId(), identity.hostName(),
                identity.pid());
        ErrorReporter reporter = Drainer.newReporter(err);
        JsonlFileHandler file = new JsonlFileHandler(outputSettings, envelope, info, reporter, err,
                settings.outputFlushIntervalNanos());
        file.openOutput();
        Drainer drainer = new Drainer(ring, List.of(file), reporter, err, settings.statsIntervalNanos(),
                settings.shutdownTimeoutNanos());
        Emit.open(ring, settings.tracePropagation());
        Emit.agentStart();
        drainer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(drainer::stopAndWait, "eventweave-shutdown"));

        installInstrumentations(inst, enabled, err);
        if (settings.startupMessage()) {
            err.println(startupMessage(AgentVersion.get(), output, names));
        }
    }

    /**
     * The one line that says the agent is there, as the OpenTelemetry agent prints its version: a run whose
     * {@code -javaagent} flag was dropped is noticed at once. On stderr (stdout belongs to the application);
     * {@code eventweave.startup.message=false} silences it.
     */
    static String startupMessage(String version, Path output, List<String> instrumentations) {
        return "eventweave: agent " + version + " started; writing events to " + output + "; "
                + instrumentations.size() + " instrumentation" + (instrumentations.size() == 1 ? "" : "s") + " on ("
                + String.join(", ", instrumentations) + ")";
    }

    /** {@code TRACEPARENT} (W3C) or {@code EVENTWEAVE_TRACE_ID} (32 hex): one trace id for the whole process run. */
    static TraceContext processTraceContext(Map<String, String> environment, PrintStream err) {
        String traceparent = environment.get("TRACEPARENT");
        if (traceparent != null && !traceparent.isBlank()) {
            TraceContext context = TraceContext.fromTraceparent(traceparent.trim());
            if (context != null) {
                return context;
            }
            err.println("eventweave: ignoring TRACEPARENT='" + traceparent + "': expected a W3C traceparent "
                    + "(00-<32 lowercase hex>-<16 lowercase hex>-<2 hex>, ids not all zero)");
        }
        String traceId = environment.get("EVENTWEAVE_TRACE_ID");
        if (traceId != null && !traceId.isBlank()) {
            TraceContext context = TraceContext.fromHex(traceId.trim(), null, 1);
            if (context != null) {
                return context;
            }
            err.println("eventweave: ignoring EVENTWEAVE_TRACE_ID='" + traceId + "': expected 32 lowercase hex "
                    + "digits, not all zero");
        }
        return null;
    }

    private static void installInstrumentations(Instrumentation inst, List<InstrumentationModule> modules,
            PrintStream err) {
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
        int installed = 0;
        for (InstrumentationModule module : modules) {
            ElementMatcher<ClassLoader> loaders = new ClassesPresent(module.classesRequired());
            for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
                if (!exposeRuntimeTo(inst, module.name(), instrumentation, runtimeModule, err)) {
                    continue;
                }
                AdviceTransformer transformer = new AdviceTransformer(module.name(), adviceBase, err);
                instrumentation.transform(transformer);
                builder = builder.type(typeThenLoader(instrumentation.typeMatcher(), loaders)).transform(transformer);
                installed++;
            }
        }
        if (installed > 0) {
            builder.installOn(inst);
        }
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

    /** Counts transformation failures, and registers the application's OpenTelemetry API when it appears. */
    private static final class InstrumentationListener extends AgentBuilder.Listener.Adapter {
        private static final String OTEL_SPAN = "io.opentelemetry.api.trace.Span";
        private final PrintStream err;

        InstrumentationListener(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onDiscovery(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
            if (typeName.equals(OTEL_SPAN)) {
                OpenTelemetryBridge.register(classLoader);
            }
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
