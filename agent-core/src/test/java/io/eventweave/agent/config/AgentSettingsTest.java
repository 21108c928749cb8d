package io.eventweave.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.agent.output.OutputSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pass over agent arguments, system properties, environment and file: precedence, bad values, unknown keys. */
class AgentSettingsTest {
    private static final List<InstrumentationSwitch> INSTRUMENTATIONS = List.of(
            new InstrumentationSwitch("jdk-httpclient", "HttpClient requests."),
            new InstrumentationSwitch("guava", "Guava RateLimiter acquisitions."));
    private static final String SEE_HELP = "; ignored (java -jar eventweave-agent.jar --help lists the settings)";

    @TempDir
    Path dir;

    private final Properties systemProperties = new Properties();
    private final Map<String, String> environment = new HashMap<>();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private AgentSettings load(String agentArgs) {
        return AgentSettings.load(agentArgs, systemProperties, environment,
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), INSTRUMENTATIONS);
    }

    private List<String> errLines() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("eventweave.properties");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void withNothingConfiguredEverySettingHasItsDefaultAndNothingIsPrinted() {
        AgentSettings settings = load(null);
        assertEquals(List.of(), errLines());
        assertTrue(settings.enabled());
        assertEquals("unknown_service:java", settings.serviceName());
        assertEquals("eventweave-%p.jsonl", settings.outputPathPattern());
        assertEquals(TimeUnit.SECONDS.toNanos(1), settings.outputFlushIntervalNanos());
        assertEquals(100L << 20, settings.outputMaxFileSize());
        assertEquals(0, settings.outputRotateIntervalNanos());
        assertTrue(settings.outputGzip());
        assertEquals(10, settings.outputMaxFiles());
        assertEquals(1L << 30, settings.outputTotalSizeCap());
        assertEquals("rw-------", settings.outputFilePermissions());
        assertEquals(16 * 1024, settings.outputMaxLineSize());
        assertEquals(OutputSettings.Fsync.NONE, settings.outputFsync());
        assertEquals(16384, settings.queueSize());
        assertEquals(TimeUnit.SECONDS.toNanos(60), settings.statsIntervalNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(2), settings.shutdownTimeoutNanos());
        assertTrue(settings.tracePropagation());
        assertTrue(settings.rateLimiterRecordAcquired());
        assertTrue(settings.startupMessage());
        assertNull(settings.configFile());
        assertTrue(settings.instrumentationEnabled("jdk-httpclient"));
        assertTrue(settings.instrumentationEnabled("guava"));
    }

    @Test
    void effectiveValuesListEverySettingInTheOrderOfTheSettingList() {
        Map<String, String> effective = load(null).effectiveValues();
        List<String> expectedKeys = new ArrayList<>();
        for (Setting<?> setting : AgentSettings.settings(INSTRUMENTATIONS)) {
            if (setting.defaultText() != null) { // the optional ones (config.file, rules ...) are unset here
                expectedKeys.add(setting.propertyName());
            }
        }
        assertEquals(expectedKeys, List.copyOf(effective.keySet()), "all but the unset optional ones, in order");
        assertEquals(List.of("eventweave.enabled", "eventweave.service.name", "eventweave.output.path",
                "eventweave.output.flush-interval", "eventweave.output.max-file-size",
                "eventweave.output.rotate-interval", "eventweave.output.compress", "eventweave.output.max-files",
                "eventweave.output.total-size-cap", "eventweave.output.file-permissions",
                "eventweave.output.max-line-size", "eventweave.output.fsync", "eventweave.output.index",
                "eventweave.queue.size",
                "eventweave.stats.interval", "eventweave.shutdown.timeout", "eventweave.trace.propagation",
                "eventweave.rate_limiter.record-acquired", "eventweave.startup.message", "eventweave.startup.timing",
                "eventweave.metrics.host", "eventweave.metrics.max-series", "eventweave.nats.stream",
                "eventweave.nats.create-stream", "eventweave.nats.subject-prefix",
                "eventweave.instrumentation.jdk-httpclient.enabled", "eventweave.instrumentation.guava.enabled"),
                List.copyOf(effective.keySet()));
        assertEquals("true", effective.get("eventweave.enabled"));
        assertEquals("unknown_service:java", effective.get("eventweave.service.name"), "the computed default");
        assertEquals("eventweave-%p.jsonl", effective.get("eventweave.output.path"));
        assertEquals("1s", effective.get("eventweave.output.flush-interval"));
        assertEquals("100MB", effective.get("eventweave.output.max-file-size"));
        assertEquals("0ms", effective.get("eventweave.output.rotate-interval"));
        assertEquals("gzip", effective.get("eventweave.output.compress"));
        assertEquals("10", effective.get("eventweave.output.max-files"));
        assertEquals("1GB", effective.get("eventweave.output.total-size-cap"));
        assertEquals("rw-------", effective.get("eventweave.output.file-permissions"));
        assertEquals("16KB", effective.get("eventweave.output.max-line-size"));
        assertEquals("none", effective.get("eventweave.output.fsync"));
        assertEquals("16384", effective.get("eventweave.queue.size"));
        assertEquals("1m", effective.get("eventweave.stats.interval"));
        assertEquals("2s", effective.get("eventweave.shutdown.timeout"));
        assertEquals("true", effective.get("eventweave.startup.message"));
        assertEquals("true", effective.get("eventweave.instrumentation.guava.enabled"));
    }

    @Test
    void effectiveValuesIncludeTheConfigurationFileWhenSetAndShowParsedValuesInTheirOwnForm() throws Exception {
        Path file = file("queue.size=1000");
        environment.put("EVENTWEAVE_CONFIG_FILE", file.toString());
        Map<String, String> effective = load("output.file-permissions=0640;stats.interval=120000;"
                + "output.fsync=ALWAYS;startup.message=false").effectiveValues();
        assertEquals(List.of(), errLines());
        assertEquals(file.toString(), effective.get("eventweave.config.file"));
        List<String> keys = List.copyOf(effective.keySet());
        assertEquals(keys.indexOf("eventweave.startup.timing") + 1, keys.indexOf("eventweave.config.file"),
                "config.file keeps its place in the list");
        assertEquals("1024", effective.get("eventweave.queue.size"), "rounded");
        assertEquals("rw-r-----", effective.get("eventweave.output.file-permissions"));
        assertEquals("2m", effective.get("eventweave.stats.interval"));
        assertEquals("always", effective.get("eventweave.output.fsync"));
        assertEquals("false", effective.get("eventweave.startup.message"));
    }

    @Test
    void precedenceIsAgentArgumentsThenSystemPropertiesThenEnvironmentThenFileThenDefault() throws Exception {
        Path file = file("service.name=from-file", "stats.interval=7s", "queue.size=2048",
                "eventweave.shutdown.timeout=3s", "output.max-files=4");
        systemProperties.setProperty("eventweave.service.name", "from-property");
        systemProperties.setProperty("eventweave.queue.size", "4096");
        systemProperties.setProperty("eventweave.output.max-files", "5");
        environment.put("EVENTWEAVE_SERVICE_NAME", "from-env");
        environment.put("EVENTWEAVE_QUEUE_SIZE", "1024");
        environment.put("EVENTWEAVE_STATS_INTERVAL", "9s");
        environment.put("EVENTWEAVE_CONFIG_FILE", file.toString());
        AgentSettings settings = load("service.name=from-args;eventweave.output.max-files=6");
        assertEquals(List.of(), errLines());
        assertEquals("from-args", settings.serviceName(), "agent arguments over everything");
        assertEquals(6, settings.outputMaxFiles(), "agent arguments, with the prefix, over -D and file");
        assertEquals(4096, settings.queueSize(), "-D over environment and file");
        assertEquals(TimeUnit.SECONDS.toNanos(9), settings.statsIntervalNanos(), "environment over file");
        assertEquals(TimeUnit.SECONDS.toNanos(3), settings.shutdownTimeoutNanos(), "file (with prefix) over default");
        assertEquals(TimeUnit.SECONDS.toNanos(1), settings.outputFlushIntervalNanos(), "default");
        assertEquals(file.toString(), settings.configFile());
    }

    @Test
    void theFileTakesKeysWithAndWithoutThePrefixInAnyCase() throws Exception {
        Path file = file("# a comment", "queue.size = 128", "eventweave.output.compress=none", "Trace.Propagation=false");
        systemProperties.setProperty("eventweave.config.file", file.toString());
        AgentSettings settings = load(null);
        assertEquals(List.of(), errLines());
        assertEquals(128, settings.queueSize());
        assertFalse(settings.outputGzip());
        assertFalse(settings.tracePropagation());
    }

    @Test
    void theFileCannotNameAnotherFile() throws Exception {
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "queue.size=32", StandardCharsets.UTF_8);
        Path file = file("config.file=" + other, "queue.size=64");
        AgentSettings settings = load("config.file=" + file);
        assertEquals(List.of(), errLines());
        assertEquals(64, settings.queueSize());
        assertEquals(file.toString(), settings.configFile());
    }

    @Test
    void anUnreadableFileIsOneLineAndTheRestGoesOn() {
        Path missing = dir.resolve("missing.properties");
        environment.put("EVENTWEAVE_CONFIG_FILE", missing.toString());
        environment.put("EVENTWEAVE_QUEUE_SIZE", "128");
        AgentSettings settings = load(null);
        List<String> lines = errLines();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("eventweave: cannot read configuration file '" + missing + "' (from EVENTWEAVE_CONFIG_FILE): "
                + "java.nio.file.NoSuchFileException: " + missing + "; going on without it", lines.get(0));
        assertEquals(128, settings.queueSize());
        assertEquals(missing.toString(), settings.configFile());
    }

    @Test
    void aDirectoryAsTheFileIsOneLineToo() {
        load("config.file=" + dir);
        List<String> lines = errLines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("eventweave: cannot read configuration file '" + dir
                + "' (from agent argument config.file): "), lines.get(0));
    }

    @Test
    void aBadValueIsOneLineNamingKeyValueOriginAndWhatIsAcceptedAndTheDefaultIsUsed() throws Exception {
        environment.put("EVENTWEAVE_QUEUE_SIZE", "banana");
        environment.put("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "soon");
        systemProperties.setProperty("eventweave.stats.interval", "-5s");
        systemProperties.setProperty("eventweave.output.max-file-size", "1KB");
        environment.put("EVENTWEAVE_CONFIG_FILE", file("output.fsync=sometimes", "output.max-files=-1").toString());
        AgentSettings settings = load("trace.propagation=yes;output.file-permissions=0999;output.max-line-size=1KB");
        assertEquals(List.of(
                "eventweave: invalid value 'soon' for eventweave.output.flush-interval (from "
                        + "EVENTWEAVE_OUTPUT_FLUSH_INTERVAL): expected a duration such as 500ms, 2s, 5m, 1h or 1d (a "
                        + "plain number is milliseconds); using the default 1s",
                "eventweave: invalid value '1KB' for eventweave.output.max-file-size (from "
                        + "-Deventweave.output.max-file-size): expected a size such as 512KB, 100MB or 1GB (a plain "
                        + "number is bytes), at least 64KB; using the default 100MB",
                "eventweave: invalid value '-1' for eventweave.output.max-files (from configuration file): expected "
                        + "an integer, 0 or more; using the default 10",
                "eventweave: invalid value '0999' for eventweave.output.file-permissions (from agent argument "
                        + "output.file-permissions): expected permissions as rw-r----- or 0640; using the default "
                        + "rw-------",
                "eventweave: invalid value '1KB' for eventweave.output.max-line-size (from agent argument "
                        + "output.max-line-size): expected a size such as 512KB, 100MB or 1GB (a plain number is "
                        + "bytes), at least 4KB; using the default 16KB",
                "eventweave: invalid value 'sometimes' for eventweave.output.fsync (from configuration file): "
                        + "expected one of none, interval, always; using the default none",
                "eventweave: invalid value 'banana' for eventweave.queue.size (from EVENTWEAVE_QUEUE_SIZE): expected "
                        + "an integer from 16 to 16777216 (rounded up to a power of two); using the default 16384",
                "eventweave: invalid value '-5s' for eventweave.stats.interval (from -Deventweave.stats.interval): "
                        + "expected a duration such as 500ms, 2s, 5m, 1h or 1d (a plain number is milliseconds); "
                        + "using the default 60s",
                "eventweave: invalid value 'yes' for eventweave.trace.propagation (from agent argument "
                        + "trace.propagation): expected true or false; using the default true"),
                errLines(), "one line each, in the order of the settings");
        assertEquals(16384, settings.queueSize());
        assertEquals(TimeUnit.SECONDS.toNanos(1), settings.outputFlushIntervalNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(60), settings.statsIntervalNanos());
        assertEquals(100L << 20, settings.outputMaxFileSize());
        assertEquals(10, settings.outputMaxFiles());
        assertEquals("rw-------", settings.outputFilePermissions());
        assertEquals(16 * 1024, settings.outputMaxLineSize());
        assertEquals(OutputSettings.Fsync.NONE, settings.outputFsync());
        assertTrue(settings.tracePropagation());
        assertEquals("16384", settings.effectiveValues().get("eventweave.queue.size"));
        assertEquals("1s", settings.effectiveValues().get("eventweave.output.flush-interval"));
    }

    @Test
    void aBadValueWinsOverLowerSourcesAndTheDefaultIsUsedNotTheNextSource() {
        systemProperties.setProperty("eventweave.queue.size", "15");
        environment.put("EVENTWEAVE_QUEUE_SIZE", "1024");
        assertEquals(16384, load(null).queueSize());
        assertEquals(1, errLines().size());
    }

    @Test
    void theMetricsEndpointIsOffUnlessAPortInRangeIsGiven() {
        assertNull(load(null).metricsPort());
        assertEquals("127.0.0.1", load(null).metricsHost(), "a person must choose to expose it");
        environment.put("EVENTWEAVE_METRICS_PORT", "65536");
        assertNull(load(null).metricsPort(), "out of range: off, as unset");
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).contains("an integer from 0 to 65535"), errLines().get(0));
        environment.put("EVENTWEAVE_METRICS_PORT", "9464");
        assertEquals(9464, load(null).metricsPort());
        assertEquals(1000, load(null).metricsMaxSeries());
    }

    @Test
    void natsSecretsAreNeverInTheEffectiveValues() {
        environment.put("EVENTWEAVE_NATS_URL", "nats://127.0.0.1:4222");
        environment.put("EVENTWEAVE_NATS_TOKEN", "s3cret-token");
        environment.put("EVENTWEAVE_NATS_PASSWORD", "s3cret-password");
        AgentSettings settings = load(null);
        assertEquals("s3cret-token", settings.natsToken());
        assertEquals("s3cret-password", settings.natsPassword());
        assertEquals("***", settings.effectiveValues().get("eventweave.nats.token"));
        assertEquals("***", settings.effectiveValues().get("eventweave.nats.password"));
        assertFalse(settings.effectiveValues().toString().contains("s3cret"));
        assertEquals("nats://127.0.0.1:4222", settings.effectiveValues().get("eventweave.nats.url"));
    }

    @Test
    void aBlankTextValueMeansNotSet() {
        environment.put("EVENTWEAVE_SERVICE_NAME", "   ");
        environment.put("EVENTWEAVE_OUTPUT_PATH", "");
        environment.put("OTEL_SERVICE_NAME", "checkout");
        AgentSettings settings = load(null);
        assertEquals(List.of(), errLines());
        assertEquals("checkout", settings.serviceName());
        assertEquals("eventweave-%p.jsonl", settings.outputPathPattern());
    }

    @Test
    void theServiceNameFallsBackToOtelServiceNameThenToUnknownService() {
        environment.put("OTEL_SERVICE_NAME", " checkout ");
        AgentSettings fallback = load(null);
        assertEquals("checkout", fallback.serviceName());
        assertEquals("checkout", fallback.effectiveValues().get("eventweave.service.name"));

        environment.put("EVENTWEAVE_SERVICE_NAME", "payments");
        assertEquals("payments", load(null).serviceName(), "our own setting first");

        environment.clear();
        environment.put("OTEL_SERVICE_NAME", " ");
        assertEquals("unknown_service:java", load(null).serviceName());
        assertEquals(List.of(), errLines());
    }

    @Test
    void theFlushIntervalIsAtLeastAMillisecondButShownAsConfigured() {
        AgentSettings settings = load("output.flush-interval=0");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), settings.outputFlushIntervalNanos());
        assertEquals("0ms", settings.effectiveValues().get("eventweave.output.flush-interval"));
    }

    @Test
    void unknownKeysAreOneLineEachPerSource() throws Exception {
        systemProperties.setProperty("eventweave.queue.siz", "1");
        systemProperties.setProperty("other.property", "ignored: not ours");
        environment.put("EVENTWEAVE_QUEUE_SIZ", "10");
        environment.put("EVENTWEAVE_TRACE_ID", "4bf92f3577b34da6a3ce929d0e0e4736");
        environment.put("OTHER_VARIABLE", "not ours");
        environment.put("EVENTWEAVE_CONFIG_FILE", file("output.pth=x", "queue.size=64").toString());
        AgentSettings settings = load("eventweave.servce.name=x;queue.size=32;no-equals-sign");
        assertEquals(List.of(
                "eventweave: ignoring agent argument 'no-equals-sign': expected key=value (separate several with ';')",
                "eventweave: unknown setting agent argument 'servce.name'" + SEE_HELP,
                "eventweave: unknown setting system property 'eventweave.queue.siz'" + SEE_HELP,
                "eventweave: unknown setting configuration file key 'output.pth'" + SEE_HELP,
                "eventweave: unknown setting EVENTWEAVE_QUEUE_SIZ in the environment" + SEE_HELP), errLines());
        assertEquals(32, settings.queueSize());
    }

    @Test
    void instrumentationSwitchesComeFromTheGivenList() {
        environment.put("EVENTWEAVE_INSTRUMENTATION_JDK_HTTPCLIENT_ENABLED", "false");
        environment.put("EVENTWEAVE_INSTRUMENTATION_OKHTTP_ENABLED", "false");
        AgentSettings settings = load("instrumentation.guava.enabled=true;instrumentation.failsafe.enabled=false");
        assertEquals(List.of(
                "eventweave: unknown setting agent argument 'instrumentation.failsafe.enabled'" + SEE_HELP,
                "eventweave: unknown setting EVENTWEAVE_INSTRUMENTATION_OKHTTP_ENABLED in the environment" + SEE_HELP),
                errLines());
        assertFalse(settings.instrumentationEnabled("jdk-httpclient"));
        assertTrue(settings.instrumentationEnabled("guava"));
        assertTrue(settings.instrumentationEnabled("failsafe"), "no switch: on, as every switch is by default");
        assertEquals("false", settings.effectiveValues().get("eventweave.instrumentation.jdk-httpclient.enabled"));
        assertFalse(settings.effectiveValues().containsKey("eventweave.instrumentation.failsafe.enabled"));

        List<Setting<?>> all = AgentSettings.settings(INSTRUMENTATIONS);
        Setting<?> guava = all.get(all.size() - 1);
        assertEquals("eventweave.instrumentation.guava.enabled", guava.propertyName());
        assertEquals("EVENTWEAVE_INSTRUMENTATION_GUAVA_ENABLED", guava.environmentName());
        assertEquals("true", guava.defaultText());
        assertEquals("Guava RateLimiter acquisitions. false turns it off.", guava.description());
    }

    @Test
    void aBadSwitchValueIsReportedOnce() {
        environment.put("EVENTWEAVE_INSTRUMENTATION_GUAVA_ENABLED", "off");
        AgentSettings settings = load(null);
        assertEquals(List.of("eventweave: invalid value 'off' for eventweave.instrumentation.guava.enabled (from "
                + "EVENTWEAVE_INSTRUMENTATION_GUAVA_ENABLED): expected true or false; using the default true"),
                errLines());
        assertTrue(settings.instrumentationEnabled("guava"));
    }

    @Test
    void withoutInstrumentationsThereAreNoSwitches() {
        AgentSettings settings = AgentSettings.load("instrumentation.guava.enabled=false", systemProperties,
                environment, new PrintStream(errBytes, true, StandardCharsets.UTF_8), List.of());
        assertEquals(List.of("eventweave: unknown setting agent argument 'instrumentation.guava.enabled'" + SEE_HELP),
                errLines());
        assertTrue(settings.instrumentationEnabled("guava"));
    }

    @Test
    void theEffectiveValuesCannotBeChanged() {
        Map<String, String> effective = load(null).effectiveValues();
        assertThrows(UnsupportedOperationException.class, () -> effective.put("eventweave.queue.size", "16"));
    }

    @Test
    void everySettingHasADescriptionAndEveryDefaultIsAccepted() {
        for (Setting<?> setting : AgentSettings.settings(INSTRUMENTATIONS)) {
            assertFalse(setting.description().isBlank(), setting.key());
            assertTrue(setting.key().matches("[a-z0-9_.-]+"), setting.key());
            if (setting.defaultText() != null && setting != AgentSettings.SERVICE_NAME) {
                assertTrue(setting.parser().parse(setting.defaultText()) != null, setting.key());
            }
        }
    }
}
