package io.eventweave.agent;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.metrics.MetricsEndpoint;
import io.eventweave.agent.metrics.MetricsHandler;
import io.eventweave.agent.nats.NatsShipper;
import io.eventweave.agent.output.AgentInfo;
import io.eventweave.agent.output.Drainer;
import io.eventweave.agent.output.Envelope;
import io.eventweave.agent.output.ErrorReporter;
import io.eventweave.agent.output.EventHandler;
import io.eventweave.agent.output.HandlerStats;
import io.eventweave.agent.output.JsonlFileHandler;
import io.eventweave.agent.output.OutputSettings;
import io.eventweave.agent.rules.RuleSites;
import io.eventweave.agent.rules.RulesModule;
import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.RingBuffer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the drainer thread does before it drains: the process identity, the output file and its JSON encoder, the
 * start-up line; then the drainer's loop on the same thread. It starts before the settings are read (what needs
 * none, loading the encoder's classes, is done meanwhile; {@link #settings} lets the rest go on) and runs while
 * {@code premain} goes on (the rules, the ring, the transformer) and the application starts: its set-up
 * (mostly loading jackson-core and our output classes) is what a short-lived process waits for at exit, so none of
 * {@code premain}'s later phases is added to it. It needs the ring only to make the {@link Drainer}: {@code premain}
 * hands it over with {@link #handOver} (events queue in the ring meanwhile). The shutdown hook ({@link #stop()})
 * waits for the drainer to exist before it stops it, so a process that ends at once still gets its
 * {@code agent.start} and {@code agent.stop} lines.
 */
final class AgentStartup implements Runnable {
    /** How long the shutdown hook waits for the drainer to exist; making it takes milliseconds. */
    private static final long START_WAIT_SECONDS = 30;

    /** Given by {@code premain} before {@link #settingsGiven} opens; null when the agent does not go on. */
    private volatile AgentSettings settings;
    private final PrintStream err;
    private final CountDownLatch settingsGiven = new CountDownLatch(1);
    /** Opens once {@code premain} has set {@link #ring} and {@link #enabled} (or given up: both null). */
    private final CountDownLatch handedOver = new CountDownLatch(1);
    /**
     * Written by {@code premain} before {@link #handedOver} opens. Volatile for the shutdown hook, which may read
     * {@link #enabled} without having waited for the latch (when the drainer's set-up failed first).
     */
    private volatile RingBuffer ring;
    private volatile List<InstrumentationModule> enabled;
    private final CountDownLatch drainerMade = new CountDownLatch(1);
    /** Set before {@link #drainerMade} opens; null if making it failed. */
    private volatile Drainer drainer;
    /** The NATS shipper when {@code nats.url} is set; set before {@link #drainerMade} opens. */
    private volatile NatsShipper shipper;

    AgentStartup(PrintStream err) {
        this.err = err;
    }

    /** {@code premain}'s settings: the set-up that needs them goes on. */
    void settings(AgentSettings settings) {
        this.settings = settings;
        settingsGiven.countDown();
    }

    /** {@code premain} stops before it has settings (or they switch the agent off): the thread ends. */
    void abandon() {
        settingsGiven.countDown();
    }

    /**
     * {@code premain}'s part: the ring events queue in and the modules that are on. Null for both when
     * {@code premain} failed before it had them: the drainer thread then ends without output.
     */
    void handOver(RingBuffer ring, List<InstrumentationModule> enabled) {
        this.ring = ring;
        this.enabled = enabled;
        handedOver.countDown();
    }

    @Override
    public void run() {
        Drainer made = null;
        try {
            made = drainer();
            if (made != null) {
                made.runsOnCurrentThread();
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.DRAINER, t);
            err.println("eventweave: the agent's output could not start, events are not written: " + t);
        } finally {
            drainer = made;
            drainerMade.countDown();
        }
        if (made != null) {
            made.run();
        }
    }

    /** Null when {@code premain} handed over nothing. */
    private Drainer drainer() throws InterruptedException {
        StartupTimeline timeline = new StartupTimeline("drainer thread", System.nanoTime());
        Instant start = Instant.now();
        ProcessIdentity identity = ProcessIdentity.current();
        timeline.mark("process identity");
        // What needs no settings first, while premain reads them: most of this thread's set-up is loading
        // jackson-core's and our encoder's classes, which then no longer waits for the modules and the settings.
        JsonlFileHandler.preload();
        timeline.mark("encoder classes");
        settingsGiven.await();
        AgentSettings settings = this.settings;
        timeline.mark("wait for settings");
        if (settings == null) {
            return null;
        }
        Path output = OutputPathPattern.resolve(settings.outputPathPattern(), identity, start);
        OutputSettings outputSettings = new OutputSettings(output, settings.outputMaxFileSize(),
                settings.outputRotateIntervalNanos(), settings.outputGzip(), settings.outputMaxFiles(),
                settings.outputTotalSizeCap(), settings.outputFilePermissions(), settings.outputMaxLineSize(),
                settings.outputFsync(), settings.outputIndex());
        Envelope envelope = new Envelope(settings.serviceName(), identity.instanceId(), identity.hostName(),
                identity.pid());
        ErrorReporter reporter = Drainer.newReporter(err);
        JsonlFileHandler file = new JsonlFileHandler(outputSettings, envelope, reporter, err,
                settings.outputFlushIntervalNanos());
        timeline.mark("encoder");
        file.openOutput();
        timeline.mark("output file");
        NatsShipper shipper = null;
        Path absolute = output.toAbsolutePath().normalize();
        if (settings.natsUrl() != null && (absolute.startsWith("/dev") || absolute.startsWith("/proc")
                || !Files.isRegularFile(output))) {
            // the file is the spool: a pipe or /dev/stdout (even redirected to a file: the process's output, not the
            // agent's alone) cannot be read back
            err.println("eventweave: NATS shipping needs a regular output file to read back; " + output
                    + " is not one, so nothing is shipped");
        } else if (settings.natsUrl() != null) {
            shipper = new NatsShipper(new NatsShipper.Settings(settings.natsUrl(), settings.natsStream(),
                    settings.natsCreateStream(), settings.natsSubjectPrefix(), settings.natsToken(),
                    settings.natsUser(), settings.natsPassword()), output, identity.instanceId(), err);
            file.shipper(shipper, shipper::stats);
            shipper.start(); // reads the files: the first one is open
            this.shipper = shipper;
            timeline.mark("nats shipper");
        }
        MetricsEndpoint metrics = null;
        if (settings.metricsPort() != null) {
            metrics = MetricsEndpoint.start(settings.metricsHost(), settings.metricsPort(), settings.serviceName(),
                    settings.metricsMaxSeries(), err);
            timeline.mark("metrics endpoint");
        }
        handedOver.await();
        timeline.mark("wait for premain");
        if (ring == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (InstrumentationModule module : enabled) {
            names.add(module.name());
        }
        file.describe(new AgentInfo(AgentVersion.get(), output.toString(), ring.capacity(), names,
                settings.effectiveValues()));
        List<EventHandler> handlers = new ArrayList<>();
        handlers.add(file); // the output of record: first
        MetricsHandler metricsHandler = metrics == null ? null : metrics.handler();
        if (metricsHandler != null) {
            handlers.add(metricsHandler);
        }
        Drainer made = new Drainer(ring, handlers, reporter, err, settings.statsIntervalNanos(),
                settings.shutdownTimeoutNanos());
        if (metricsHandler != null) {
            List<HandlerStats> stats = made.handlerStats();
            metricsHandler.watchHandlers(stats.subList(1, stats.size()));
        }
        timeline.mark("drainer");
        if (settings.startupMessage()) {
            err.println(AgentInstaller.startupMessage(AgentVersion.get(), output, names));
            if (metrics != null) {
                err.println("eventweave: metrics at http://" + hostPort(metrics.address()) + "/metrics");
            }
        }
        if (settings.startupTiming()) {
            timeline.print(err);
        }
        return made;
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** {@link #stop()} as the shutdown hook's task (a class, not a method reference: no lambda in premain). */
    Runnable shutdownHook() {
        return new Runnable() {
            @Override
            public void run() {
                stop();
            }
        };
    }

    /** The shutdown hook: once the drainer exists, drain, write {@code agent.stop} and wait for it (bounded). */
    void stop() {
        StartupTimeline timeline = new StartupTimeline("shutdown", System.nanoTime());
        try {
            if (!drainerMade.await(START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        timeline.mark("wait for the drainer");
        Drainer made = drainer;
        if (made != null) {
            made.stopAndWait();
            timeline.mark("drain and agent.stop");
        }
        AgentSettings given = settings;
        if (given != null && given.startupTiming()) {
            timeline.print(err); // a short-lived process's exit: what it waited for
        }
        NatsShipper ships = shipper;
        if (ships != null) {
            ships.finish(settings.shutdownTimeoutNanos()); // through agent.stop, which the drainer just wrote
        }
        List<InstrumentationModule> modules = enabled;
        for (InstrumentationModule module : modules == null ? List.<InstrumentationModule>of() : modules) {
            if (module instanceof RulesModule) {
                RuleSites.reportUnmatched(((RulesModule) module).rules(), err);
            }
        }
    }
}
