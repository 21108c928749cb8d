package io.eventweave.agent;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.output.AgentInfo;
import io.eventweave.agent.output.Drainer;
import io.eventweave.agent.output.Envelope;
import io.eventweave.agent.output.ErrorReporter;
import io.eventweave.agent.output.JsonlFileHandler;
import io.eventweave.agent.output.OutputSettings;
import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.RingBuffer;
import io.eventweave.runtime.Trace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the drainer thread does before it drains: the settings, the ring (then the door is open and
 * {@code agent.start} takes sequence 0), the process identity, the output file, and then the drainer's loop on the
 * same thread. It runs while the application starts; the instrumentations wait for {@link #awaitRingOpen()} before
 * they weave anything, and the shutdown hook ({@link #stop()}) waits for the drainer to exist before it stops it, so a
 * process that ends at once still gets its {@code agent.start} and {@code agent.stop} lines.
 */
final class AgentStartup implements Runnable {
    /** How long a class-loading thread or the shutdown hook waits for the start; it takes milliseconds. */
    private static final long START_WAIT_SECONDS = 30;

    private final String agentArgs;
    private final List<InstrumentationModule> modules;
    private final PrintStream err;
    private final CountDownLatch ringOpen = new CountDownLatch(1);
    private final CountDownLatch drainerMade = new CountDownLatch(1);
    private volatile Consumer<AgentSettings> settingsListener = settings -> { };
    /** Set before {@link #ringOpen} opens; null if the start failed or the settings turned the agent off. */
    private volatile AgentSettings settings;
    /** Set before {@link #drainerMade} opens; null if there is none. */
    private volatile Drainer drainer;

    AgentStartup(String agentArgs, List<InstrumentationModule> modules, PrintStream err) {
        this.agentArgs = agentArgs;
        this.modules = modules;
        this.err = err;
    }

    /** Called on the drainer thread with the settings as soon as they are read. */
    void onSettings(Consumer<AgentSettings> listener) {
        settingsListener = listener;
    }

    /** The settings once the ring is open, or null when the agent is off or could not start. */
    AgentSettings awaitRingOpen() {
        try {
            if (!ringOpen.await(START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                err.println("eventweave: the agent did not start within " + START_WAIT_SECONDS
                        + " s; classes loaded now are not instrumented");
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return settings;
    }

    @Override
    public void run() {
        Drainer made = null;
        try {
            made = start();
        } catch (Throwable t) {
            err.println("eventweave: agent disabled, the application runs without it: " + t);
        } finally {
            drainer = made;
            ringOpen.countDown();
            drainerMade.countDown();
        }
        if (made != null) {
            made.runOnCurrentThread();
        }
    }

    private Drainer start() {
        AgentSettings loaded = AgentSettings.load(agentArgs, System.getProperties(), System.getenv(), err,
                AgentInstaller.switches(modules));
        settingsListener.accept(loaded);
        if (!loaded.enabled()) {
            return null; // switched off in the configuration file
        }
        Trace.setProcessContext(AgentInstaller.processTraceContext(System.getenv(), err));
        PolicyEvents.recordAcquired(loaded.rateLimiterRecordAcquired());
        int queueSize = loaded.queueSize();
        RingBuffer ring = new RingBuffer(queueSize);
        Emit.open(ring, loaded.tracePropagation());
        Emit.agentStart();
        settings = loaded;
        ringOpen.countDown(); // the instrumentations may weave now: their events queue in the ring

        List<String> names = new ArrayList<>();
        for (InstrumentationModule module : AgentInstaller.enabled(modules, loaded)) {
            names.add(module.name());
        }
        Instant start = Instant.now();
        ProcessIdentity identity = ProcessIdentity.current();
        Path output = OutputPathPattern.resolve(loaded.outputPathPattern(), identity, start);
        OutputSettings outputSettings = new OutputSettings(output, loaded.outputMaxFileSize(),
                loaded.outputRotateIntervalNanos(), loaded.outputGzip(), loaded.outputMaxFiles(),
                loaded.outputTotalSizeCap(), loaded.outputFilePermissions(), loaded.outputMaxLineSize(),
                loaded.outputFsync());
        AgentInfo info = new AgentInfo(AgentVersion.get(), output.toString(), queueSize, names,
                loaded.effectiveValues());
        Envelope envelope = new Envelope(loaded.serviceName(), identity.instanceId(), identity.hostName(),
                identity.pid());
        ErrorReporter reporter = Drainer.newReporter(err);
        JsonlFileHandler file = new JsonlFileHandler(outputSettings, envelope, info, reporter, err,
                loaded.outputFlushIntervalNanos());
        file.openOutput();
        Drainer made = new Drainer(ring, List.of(file), reporter, err, loaded.statsIntervalNanos(),
                loaded.shutdownTimeoutNanos());
        if (loaded.startupMessage()) {
            err.println(AgentInstaller.startupMessage(AgentVersion.get(), output, names));
        }
        return made;
    }

    /** The shutdown hook: once the drainer exists, drain, write {@code agent.stop} and wait for it (bounded). */
    void stop() {
        try {
            if (!drainerMade.await(START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Drainer made = drainer;
        if (made != null) {
            made.stopAndWait();
        }
    }
}
