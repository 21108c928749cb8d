package io.eventweave.instrumentation.resilience4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.LibraryView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resilience4j's circuit breaker, rate limiters, retry and bulkheads under the agent, on the oldest and newest
 * versions claimed (1.7.1, 2.2.0, 2.4.0): the events equal, in order, what the library itself reported to the app
 * (its event publishers and return values), and the app's output is the same without the agent. The retry hooks
 * allocate nothing per retry.
 */
class Resilience4jIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @ParameterizedTest(name = "resilience4j {0}")
    @ValueSource(strings = {"1.7.1", "2.2.0", "2.4.0"})
    void eventsEqualTheLibrarysOwnViewInOrder(String version) throws Exception {
        ChildJvm.Result with = app(version).env("EVENTWEAVE_TRACE_ID", TRACE_ID).run().assertSucceeded();
        ChildJvm.Result without = app(version).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout, "the app's output is the same with and without the agent");
        assertEquals(without.stderr, with.stderr, "and so is its stderr");

        List<String> library = LibraryView.printed(with.stdout);
        assertTrue(library.size() >= 33, with.stdout);
        EventFile log = with.events().assertHealthy();
        List<JsonNode> events = log.all().stream()
                .filter(e -> "resilience4j".equals(e.at("/event/provider").asText())).collect(Collectors.toList());
        assertEquals(library, events.stream().map(e -> LibraryView.line(e, true)).collect(Collectors.toList()));

        for (JsonNode event : events) {
            assertEquals(TRACE_ID, event.at("/trace/id").asText(), "the thread's trace context: " + event);
            String name = event.at("/event/name").asText();
            String outcome = event.at("/event/outcome").asText();
            switch (name) {
                case "circuit_breaker.state_change":
                    assertTrue(event.at("/event/outcome").isMissingNode(), event.toString());
                    break;
                case "rate_limiter.acquire":
                    assertEquals(event.at("/rate_limiter/result").asText().equals("rejected") ? "failure" : "success",
                            outcome);
                    assertTrue(event.at("/event/duration").asLong() >= 0);
                    break;
                case "retry.attempt":
                    assertEquals(event.at("/retry/result").asText().equals("succeeded") ? "success" : "failure", outcome);
                    break;
                case "fallback.invoke":
                    assertTrue(event.at("/fallback/name").asText().matches("Resilience4jApp\\.java:\\d+"), event.toString());
                    assertTrue(event.at("/event/duration").asLong() >= 0);
                    break;
                default:
                    assertEquals("failure", outcome, event.toString());
            }
        }
        JsonNode waited = events.stream().filter(e -> "waited".equals(e.at("/rate_limiter/result").asText()))
                .findFirst().orElseThrow();
        assertTrue(waited.at("/rate_limiter/wait").asLong() >= 100_000_000L, "waited for the next period: " + waited);

        for (String retry : List.of("quotes", "files", "stock", "strict", "rates")) {
            assertTrue(library.stream().anyMatch(l -> l.startsWith("retry.attempt " + retry + " will_retry ")),
                    "the app's " + retry + " scenario ran: " + with.stdout);
        }
        // a failure the retry's predicate ignores ends the call: sync (checked and unchecked, first attempt and after
        // a retry) and async
        for (String ignored : List.of("files ignored 0 java.lang.IllegalArgumentException",
                "files ignored 1 java.lang.IllegalArgumentException",
                "rates-strict ignored 0 java.lang.IllegalArgumentException")) {
            assertTrue(library.contains("retry.attempt " + ignored), "the app's scenario ran: " + with.stdout);
        }
        assertEquals(2, library.stream().filter(l -> l.startsWith("time_limiter.timeout quotes-timeout 50ms "))
                .count(), "the future's and the completion stage's timeouts: " + with.stdout);
        assertRetriesReportedBeforeTheWait(events);
        List<JsonNode> negative = events.stream().filter(e -> "never".equals(e.at("/retry/name").asText())
                && "will_retry".equals(e.at("/retry/result").asText())).collect(Collectors.toList());
        assertTrue(!negative.isEmpty() && negative.stream().allMatch(e -> e.at("/retry/wait").isMissingNode()),
                "a negative wait is left out: " + negative);
    }

    /**
     * A retry is reported when the library decided it, before the wait: the next event of the same retry (the next
     * attempt's outcome) comes at least the reported wait later.
     */
    private static void assertRetriesReportedBeforeTheWait(List<JsonNode> events) {
        List<JsonNode> retries = events.stream().filter(e -> "retry.attempt".equals(e.at("/event/name").asText()))
                .collect(Collectors.toList());
        int checked = 0;
        for (int i = 0; i < retries.size(); i++) {
            JsonNode retry = retries.get(i);
            long wait = retry.at("/retry/wait").asLong();
            if (!"will_retry".equals(retry.at("/retry/result").asText()) || wait <= 0) {
                continue;
            }
            String name = retry.at("/retry/name").asText();
            JsonNode next = retries.subList(i + 1, retries.size()).stream()
                    .filter(e -> name.equals(e.at("/retry/name").asText())).findFirst().orElseThrow();
            long gap = Duration.between(Instant.parse(retry.at("/@timestamp").asText()),
                    Instant.parse(next.at("/@timestamp").asText())).toNanos();
            assertTrue(gap >= wait, "reported before waiting " + wait + " ns, but the next event came " + gap
                    + " ns later: " + retry + " then " + next);
            checked++;
        }
        assertTrue(checked >= 10, "retries with a wait: " + checked);
    }

    /**
     * The retry hooks allocate nothing per retry on the application thread: {@link RetryAllocationApp} measures what
     * its thread allocated for a batch of retried calls (sync and async, failures and results) with and without the
     * agent, both interpreted so that what the code allocates is what is counted (the hooks that built the library's
     * event per retry allocated over 300 bytes per retry). The batch's events are in the file, so the hooks ran.
     */
    @ParameterizedTest(name = "resilience4j {0}")
    @ValueSource(strings = {"1.7.1", "2.4.0"})
    void retriesAllocateNothingPerRetry(String version) throws Exception {
        ChildJvm.Result with = allocationApp(version).run().assertSucceeded();
        ChildJvm.Result without = allocationApp(version).withoutAgent().run().assertSucceeded();
        long[] measuredWith = retriesAndBytes(with.stdout);
        long[] measuredWithout = retriesAndBytes(without.stdout);
        assertEquals(measuredWithout[0], measuredWith[0], "the same batch");
        double perRetry = (measuredWith[1] - measuredWithout[1]) / (double) measuredWith[0];
        assertTrue(perRetry < 16, "the agent allocated " + perRetry + " bytes per retry on the calling thread ("
                + measuredWith[1] + " bytes with it, " + measuredWithout[1] + " without, " + measuredWith[0]
                + " retries)");

        EventFile log = with.events().assertHealthy();
        for (String retry : List.of("alloc-errors", "alloc-results", "alloc-async")) {
            assertTrue(log.named("retry.attempt").stream().anyMatch(e -> retry.equals(e.at("/retry/name").asText())
                    && "will_retry".equals(e.at("/retry/result").asText())), "the agent saw " + retry + "'s retries");
        }
    }

    /** {@code retries <n> allocated <bytes>}, the line {@link RetryAllocationApp} prints. */
    private static long[] retriesAndBytes(String stdout) {
        String[] words = stdout.lines().filter(l -> l.startsWith("retries ")).findFirst().orElseThrow().split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[3])};
    }

    /**
     * Inside a process trace: a guarded call on a thread with no trace context starts one (one context per call, not
     * per retry), which this batch is not about. What remains per call is the guard's wrapper of the function, made
     * when {@code executeSupplier} decorates it: 24 bytes, 8 per retry here.
     */
    private static ChildJvm allocationApp(String version) {
        return ChildJvm.app(RetryAllocationApp.class).libs("resilience4j-" + version).jvmArgs("-Xint")
                .env("EVENTWEAVE_TRACE_ID", "44444444444444444444444444444444");
    }

    @Test
    void theLibrarySwitchAndRecordAcquiredAreHonoured() throws Exception {
        EventFile off = app("2.4.0").env("EVENTWEAVE_INSTRUMENTATION_RESILIENCE4J_ENABLED", "false").run()
                .assertSucceeded().events().assertHealthy();
        assertTrue(off.all().stream().noneMatch(e -> "resilience4j".equals(e.at("/event/provider").asText())));

        EventFile noAcquired = app("2.4.0").env("EVENTWEAVE_RATE_LIMITER_RECORD_ACQUIRED", "false").run()
                .assertSucceeded().events().assertHealthy();
        List<String> results = noAcquired.named("rate_limiter.acquire").stream()
                .map(e -> e.at("/rate_limiter/result").asText()).collect(Collectors.toList());
        assertEquals(List.of("rejected", "waited", "rejected", "rejected"), results);
        assertEquals(11, noAcquired.named("circuit_breaker.state_change").size()
                + noAcquired.named("circuit_breaker.rejected").size(), "the other events are all there");
    }

    /** {@code withFallback} of the checked decorators: vavr types on 1.x, resilience4j-core's on 2.x. */
    @ParameterizedTest(name = "resilience4j {0}")
    @ValueSource(strings = {"1.7.1", "2.2.0", "2.4.0"})
    void checkedDecoratorFallbacksAreRecorded(String version) throws Exception {
        ChildJvm.Result run = ChildJvm.app(CheckedFallbackApp.class)
                .libs("resilience4j-" + version)
                .run().assertSucceeded();
        assertTrue(run.stdout.contains("result checked fallback"), run.stdout);
        List<String> library = LibraryView.printed(run.stdout);
        assertEquals(1, library.size(), run.stdout);
        assertEquals(library, run.events().assertHealthy().named("fallback.invoke").stream()
                .map(e -> LibraryView.line(e, true)).collect(Collectors.toList()));
    }

    /** Spring Boot 2's path (resilience4j-spring 1.7.1): {@code FallbackMethod.create(...).fallback(failure)}. */
    @Test
    void springBoot2FallbackMethodsAreRecorded() throws Exception {
        ChildJvm.Result run = ChildJvm.app(SpringFallbackMethodApp.class)
                .libs("resilience4j-spring-1.7.1")
                .run().assertSucceeded();
        List<String> library = LibraryView.printed(run.stdout);
        assertEquals(2, library.size(), run.stdout);
        assertEquals(library, run.events().assertHealthy().named("fallback.invoke").stream()
                .map(e -> LibraryView.line(e, true)).collect(Collectors.toList()));
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(Resilience4jApp.class)
                .libs("resilience4j-" + version);
    }
}
