package io.eventweave.agent;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.config.InstrumentationSwitch;
import io.eventweave.agent.output.JsonlFileHandler;
import io.eventweave.agent.rules.Rule;
import io.eventweave.agent.rules.RulesModule;
import io.eventweave.agent.rules.RulesParser;
import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.ModuleCatalog;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.RingBuffer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import java.io.File;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Starts the agent core (called by {@code io.eventweave.premain.AgentPremain} inside the agent class loader):
 * configuration, trace context from the environment, the ring and its drainer, the shutdown hook, then the
 * instrumentations. Everything that can fail is reported in one line and leaves the application untouched.
 */
public final class AgentInstaller {
    private AgentInstaller() {
    }

    /**
     * The instrumentation modules in the agent jar, in the order of its service file (agent/pom.xml writes one line
     * per {@code instrumentation/} folder, in the order of the folder names). From the jar's catalog
     * ({@link ModuleCatalog}, written in the same order) when it has one: no module class is loaded then
     * ({@link CatalogModule}). Without one (the agent core on a class path, in its own tests), or with a catalog that
     * cannot be read (said in one line), each module is made by {@link ServiceLoader}.
     */
    static List<InstrumentationModule> modules() {
        ClassLoader loader = AgentInstaller.class.getClassLoader();
        java.io.InputStream catalog = loader.getResourceAsStream(ModuleCatalog.RESOURCE);
        if (catalog != null) {
            try (java.io.InputStream in = catalog) {
                List<InstrumentationModule> modules = new ArrayList<>();
                for (ModuleCatalog.Entry entry : ModuleCatalog.read(in)) {
                    modules.add(new CatalogModule(entry, loader));
                }
                return modules;
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("eventweave: the agent jar's module catalog cannot be read, the modules are looked "
                        + "up instead: " + e);
            }
        }
        List<InstrumentationModule> modules = new ArrayList<>();
        for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, loader)) {
            modules.add(module);
        }
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

    /**
     * On the thread that runs {@code premain}, only what must be there before the application's first class: the
     * settings, the rules, the ring (from then on events queue, whoever emits them; {@code agent.start} takes
     * sequence 0), the transformer that waits for the instrumented types by name, and the shutdown hook. The rest
     * (the process identity, the output file, the JSON encoder) is done by the drainer thread, started first: what
     * of it needs no settings (loading the encoder's classes) runs while {@code premain} reads them, the rest beside
     * the rest of {@code premain} and the application's start.
     *
     * @param premainNanos when {@code premain} began ({@link System#nanoTime}), for the start-up timing */
    public static void install(String agentArgs, Instrumentation inst, File agentJar, boolean dynamic,
            long premainNanos) {
        StartupTimeline timeline = new StartupTimeline("premain", premainNanos);
        timeline.mark("class loader");
        PrintStream err = System.err;
        // The drainer thread's set-up (its comment) starts first and runs beside the rest of premain.
        AgentStartup startup = new AgentStartup(err);
        Thread drainerThread = new Thread(startup, "eventweave-drainer");
        drainerThread.setDaemon(true);
        drainerThread.start();
        // jackson-core's classes meanwhile on a thread of their own, for the drainer thread's encoder: with them
        // the drainer's set-up, which a short-lived process waits for at exit, was about a third shorter
        Thread jackson = new Thread(new JsonlFileHandler.JacksonPreload(), "eventweave-preload");
        jackson.setDaemon(true);
        jackson.start();
        timeline.mark("drainer thread");
        AgentSettings settings;
        List<InstrumentationModule> modules;
        try {
            modules = modules();
            timeline.mark("modules");
            settings = AgentSettings.load(agentArgs, System.getProperties(), System.getenv(), err,
                    switches(modules));
            if (!settings.enabled()) {
                return; // switched off in the configuration file
            }
            Trace.setProcessContext(processTraceContext(System.getenv(), err));
            PolicyEvents.recordAcquired(settings.rateLimiterRecordAcquired());
            timeline.mark("settings");
            startup.settings(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(startup.shutdownHook(), "eventweave-shutdown"));
        } finally {
            startup.abandon(); // no-op once the settings are given
        }
        RingBuffer ring = null;
        List<InstrumentationModule> enabled = null;
        try {
            List<Rule> rules = RulesParser.parse(settings.get(AgentSettings.RULES_FILE),
                    settings.get(AgentSettings.RULES), settings.get(AgentSettings.METHODS), err);
            timeline.mark("rules");
            ring = new RingBuffer(settings.queueSize()); // rule sections: when a rule weaves (RuleWeaver)
            Emit.open(ring, settings.tracePropagation());
            Emit.agentStart();
            timeline.mark("ring");
            enabled = enabled(modules, settings);
            if (!rules.isEmpty()) {
                enabled.add(new RulesModule(rules));
            }
        } finally {
            // null, null when premain failed above: the drainer thread then ends, and the shutdown hook with it
            startup.handOver(enabled == null ? null : ring, enabled);
        }
        instrumentations(inst, enabled, settings.startupTiming(), err);
        timeline.mark("transformer");
        if (settings.startupTiming()) {
            timeline.print(err);
            err.println("eventweave: start-up timing: the ring holds " + ring.capacity() + " slots in "
                    + ring.footprintWithAllSections(inst::getObjectSize) + " bytes with every family's sections ("
                    + ring.footprint(inst::getObjectSize) + " made in premain; each family's when its first "
                    + "instrumentation comes up)");
        }
    }

    /** The modules {@code settings} leave on, in discovery order. */
    static List<InstrumentationModule> enabled(List<InstrumentationModule> modules, AgentSettings settings) {
        List<InstrumentationModule> enabled = new ArrayList<>();
        for (InstrumentationModule module : modules) {
            if (settings.instrumentationEnabled(module.name())) {
                enabled.add(module);
            }
        }
        return enabled;
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

    /**
     * Registers the {@link DeferredInstallTransformer} for the enabled modules' types, if they have any: Byte Buddy
     * and the advice are set up only when the first class an instrumentation wants is loaded (or now, if one was
     * loaded already).
     */
    private static void instrumentations(Instrumentation inst, List<InstrumentationModule> enabled, boolean timing,
            PrintStream err) {
        // The types each module matches, for the index: from the catalog for a module not made yet, else from its
        // type instrumentations, made once here (the index and Byte Buddy must see the same ones: a rule's carry
        // the rule).
        Map<InstrumentationModule, List<TypeInstrumentation>> made = new LinkedHashMap<>();
        List<TypeMatch> matches = new ArrayList<>();
        List<TypeMatch> followers = new ArrayList<>();
        for (InstrumentationModule module : enabled) {
            List<TypeMatch> types;
            if (module instanceof CatalogModule catalogued) {
                types = catalogued.entry().types();
            } else {
                List<TypeInstrumentation> instrumentations = module.typeInstrumentations();
                made.put(module, instrumentations);
                types = ModuleCatalog.Entry.of(module, instrumentations).types();
            }
            (module.followsOthers() ? followers : matches).addAll(types);
        }
        TypeNameIndex index = new TypeNameIndex(matches, followers);
        if (index.isEmpty()) {
            return;
        }
        new DeferredInstallTransformer(index, AgentInstaller.class.getClassLoader(),
                new ByteBuddyInstallation.Later(inst, enabled, made, err), timing, err).install(inst);
    }
}
