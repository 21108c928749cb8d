package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.download.DownloadApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration rules on an application's own resilience code ({@link DownloadApp}: a limiter, a breaker listener
 * with two implementations, a fallback chain, a retrying request function, a downloader with a cache): every event is
 * compared, field by field, with what the application printed it did ({@code DID} lines), once with a rules file and
 * once with the same rules in {@code EVENTWEAVE_RULES} and {@code EVENTWEAVE_METHODS} alone; the application's output
 * is the same without the agent.
 */
class RulesIT {
    /** The DocsToKG-like rules of docs/rules.md. */
    static final String RULES = """
            {
              "rules": [
                {
                  "type": "com.acme.download.Limiter",
                  "method": "acquire",
                  "event": "rate_limiter.acquire",
                  "fields": { "rate_limiter.name": "arg0", "rate_limiter.wait": "return as ms" }
                },
                {
                  "type": "com.acme.download.Limiter",
                  "method": "tryAcquire",
                  "on": "return",
                  "event": "rate_limiter.acquire",
                  "fields": {
                    "rate_limiter.name": "arg0",
                    "rate_limiter.result": { "value": "return", "map": { "true": "acquired", "false": "rejected" } }
                  }
                },
                {
                  "type": "com.acme.download.Resolver",
                  "method": "resolve",
                  "on": "throw",
                  "event": "app.resolve_failed",
                  "fields": { "resolve.doi": "arg0", "resolve.reason": "thrown.message", "labels.source": "'doi.org'" }
                },
                {
                  "type": "com.acme.download.BreakerListener",
                  "subtypes": true,
                  "method": "onStateChange",
                  "parameters": ["java.lang.String", "com.acme.download.State", "com.acme.download.State"],
                  "event": "circuit_breaker.state_change",
                  "fields": {
                    "circuit_breaker.name": "arg0",
                    "circuit_breaker.previous_state": "arg1",
                    "circuit_breaker.state": "arg2"
                  }
                },
                {
                  "type": "com.acme.download.FallbackOrchestrator",
                  "method": "tryAdapter",
                  "event": "fallback.invoke",
                  "fields": { "fallback.name": "arg1", "labels.tier": "arg0", "error.type": "arg2" }
                },
                {
                  "type": "com.acme.download.RequestFunction",
                  "method": "attempt",
                  "event": "retry.attempt",
                  "fields": { "retry.name": "'api'", "retry.attempt": "arg1" }
                },
                {
                  "type": "com.acme.download.HttpGateway",
                  "method": "send",
                  "event": "http.client.request",
                  "fields": { "http.request.method": "arg0", "url": "arg1", "http.response.status_code": "return" }
                },
                {
                  "type": "com.acme.download.Downloader",
                  "method": "fetch",
                  "event": "app.download",
                  "fields": {
                    "download.url": "arg0.url",
                    "download.bytes": "return.size",
                    "download.cached": "return.fromCache",
                    "labels.priority": "arg0.priority",
                    "labels.checksum": "arg0.checksum",
                    "download.result": "return as text",
                    "download.timeout": "2 as s"
                  }
                }
              ],
              "methods": ["com.acme.download.Resolver#resolve,normalize", "com.acme.download.Cache#*"]
            }
            """;

    /** One {@code DID <kind> key=value ...} line of the application: its own record of what it did. */
    record Did(String kind, Map<String, String> fields) {
        static Did parse(String line) {
            String[] parts = line.substring(4).split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            return new Did(parts[0], fields);
        }

        String get(String key) {
            return fields.get(key);
        }
    }

    @Test
    void theApplicationsOwnMethodsWriteTypedEventsFromARulesFile(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, RULES, StandardCharsets.UTF_8);
        ChildJvm.Result run = ChildJvm.app(DownloadApp.class).env("EVENTWEAVE_RULES_FILE", rules.toString())
                .run().assertSucceeded();
        assertEventsMatchWhatTheAppDid(run);
        ChildJvm.Result without = ChildJvm.app(DownloadApp.class).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, run.stdout, "the application's output is the same without the agent");
    }

    @Test
    void theSameRulesFromTheEnvironmentAlone() throws Exception {
        int methods = RULES.indexOf("\"methods\"");
        String rulesOnly = RULES.substring(0, RULES.lastIndexOf(',', methods)) + "\n}";
        ChildJvm.Result run = ChildJvm.app(DownloadApp.class).env("EVENTWEAVE_RULES", rulesOnly)
                .env("EVENTWEAVE_METHODS", "com.acme.download.Resolver#resolve,normalize;com.acme.download.Cache#*")
                .run().assertSucceeded();
        assertEventsMatchWhatTheAppDid(run);
    }

    @Test
    void everyErrorIsOneLineAndTheApplicationIsUnaffected(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, """
                {"rules": [
                  {"type": "com.acme.download.Limiter", "method": "acquire", "event": "rate_limiter.permit"},
                  {"type": "com.acme.download.Limiter", "method": "acquire", "event": "rate_limiter.acquire",
                   "fields": {"rate_limiter.size": "arg0"}},
                  {"type": "com.acme.download.Limiter", "method": "acquire", "event": "rate_limiter.acquire",
                   "fields": {"rate_limiter.wait": "return as fortnights"}},
                  {"type": "com.acme.download.Limiter", "method": "acquire", "event": "rate_limiter.acquire",
                   "fields": {"rate_limiter.name": "arg3"}},
                  {"type": "com.acme.download.Downloader", "method": "fetch", "event": "app.download",
                   "fields": {"download.url": "arg0.address"}},
                  {"type": "com.acme.download.Nothing", "method": "run", "event": "app.nothing"},
                  {"type": "com.acme.download.RequestFunction", "method": "attempt", "event": "retry.attempt",
                   "fields": {"retry.name": "'api'", "retry.attempt": "arg1"}}
                ]}
                """, StandardCharsets.UTF_8);
        ChildJvm.Result run = ChildJvm.app(DownloadApp.class).env("EVENTWEAVE_RULES_FILE", rules.toString())
                .run().assertSucceeded();
        ChildJvm.Result without = ChildJvm.app(DownloadApp.class).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, run.stdout, "the application is unaffected");
        List<String> lines = run.stderr.lines().filter(l -> l.contains("rules[")).toList();
        assertEquals(6, lines.size(), run.stderr);
        assertTrue(lines.get(0).contains("rules[0] (com.acme.download.Limiter#acquire)")
                && lines.get(0).contains("unknown event kind 'rate_limiter.permit'"), lines.get(0));
        assertTrue(lines.get(1).contains("rules[1]") && lines.get(1).contains("no field 'rate_limiter.size'"),
                lines.get(1));
        assertTrue(lines.get(2).contains("rules[2]") && lines.get(2).contains("unknown 'as fortnights'"), lines.get(2));
        String classLines = String.join("\n", lines.subList(3, 6));
        assertTrue(classLines.contains("rules[3] (com.acme.download.Limiter#acquire): field 'rate_limiter.name' reads "
                + "arg3 of a method with 1 parameter"), classLines);
        assertTrue(classLines.contains("rules[4] (com.acme.download.Downloader#fetch): field 'download.url': "
                + "com.acme.download.Request has no field or no-argument accessor 'address'"), classLines);
        assertTrue(classLines.contains("rules[5] (com.acme.download.Nothing#run) matched no method of a loaded class"),
                classLines);
        List<JsonNode> all = run.events().assertHealthy().all();
        assertEquals(3, named(all, "retry.attempt").size(), "the good rule applies: " + all);
        assertEquals(0, named(all, "rate_limiter.acquire").size() + named(all, "app.download").size());

        ChildJvm.Result invalid = ChildJvm.app(DownloadApp.class)
                .env("EVENTWEAVE_RULES", "{\"rules\": [\n  {\"type\": \"com.acme.download.Limiter\",, }]}")
                .run().assertSucceeded();
        assertEquals(without.stdout, invalid.stdout, "the application is unaffected");
        List<String> invalidLines = invalid.stderr.lines().filter(l -> l.contains("rules")).toList();
        assertEquals(1, invalidLines.size(), invalid.stderr);
        assertTrue(invalidLines.get(0).contains("eventweave.rules is not valid JSON at line 2, column")
                && invalidLines.get(0).contains("no rules are applied"), invalidLines.get(0));
        assertEquals(0, invalid.events().assertHealthy().all().stream()
                .filter(e -> e.at("/event/provider").asText().equals("rules")).count());
    }

    private static void assertEventsMatchWhatTheAppDid(ChildJvm.Result run) {
        assertFalse(run.stderr.contains("rules["), "no rule was skipped: " + run.stderr);
        List<Did> did = run.stdout.lines().filter(l -> l.startsWith("DID ")).map(Did::parse).toList();
        List<JsonNode> all = run.events().assertHealthy().all();
        JsonNode stop = all.get(all.size() - 1);
        assertEquals(1, stop.at("/agent/errors/rule_value").asLong(),
                "the one accessor that threw (Request.getChecksum of the broken URL) is counted: " + stop);

        List<JsonNode> limiterEvents = new ArrayList<>(named(all, "rate_limiter.acquire"));
        List<Did> tried = kind(did, "rate_limiter.try");
        List<JsonNode> tryEvents = limiterEvents.stream()
                .filter(e -> e.at("/code/function").asText().equals("tryAcquire")).toList();
        limiterEvents.removeAll(tryEvents);
        assertEquals(2, tried.size());
        assertEquals(tried.size(), tryEvents.size(), tryEvents.toString());
        for (int i = 0; i < tried.size(); i++) {
            assertEquals(tried.get(i).get("name"), tryEvents.get(i).at("/rate_limiter/name").asText());
            assertEquals(tried.get(i).get("result"), tryEvents.get(i).at("/rate_limiter/result").asText(),
                    "the boolean mapped to the word: " + tryEvents.get(i));
        }
        List<JsonNode> resolveFailed = named(all, "app.resolve_failed");
        assertEquals(1, resolveFailed.size(), "on: throw writes only the call that threw: " + resolveFailed);
        JsonNode failedResolve = resolveFailed.get(0);
        assertEquals(" ", failedResolve.at("/resolve/doi").asText(), failedResolve.toString());
        assertEquals("no DOI", failedResolve.at("/resolve/reason").asText(), "thrown.message: " + failedResolve);
        assertEquals("doi.org", failedResolve.at("/labels/source").asText(), "a constant: " + failedResolve);
        assertEquals("java.lang.IllegalArgumentException", failedResolve.at("/error/type").asText());
        assertEquals("failure", failedResolve.at("/event/outcome").asText());

        List<Did> acquired = kind(did, "rate_limiter.acquire");
        assertEquals(4, acquired.size());
        assertEquals(acquired.size(), limiterEvents.size(), limiterEvents.toString());
        for (int i = 0; i < acquired.size(); i++) {
            Did d = acquired.get(i);
            JsonNode e = limiterEvents.get(i);
            assertRuleEvent(e, "com.acme.download.Limiter", "acquire");
            assertEquals(d.get("name"), e.at("/rate_limiter/name").asText(), e.toString());
            assertEquals(d.get("result"), e.at("/rate_limiter/result").asText(), e.toString());
            if (d.get("result").equals("rejected")) {
                assertEquals("failure", e.at("/event/outcome").asText(), e.toString());
                assertEquals("com.acme.download.RateLimitedException", e.at("/error/type").asText(), e.toString());
                assertTrue(e.at("/rate_limiter/wait").isMissingNode(), "a rejected call returned no wait: " + e);
            } else {
                assertEquals("success", e.at("/event/outcome").asText(), e.toString());
                long waitNanos = Long.parseLong(d.get("wait_ms")) * 1_000_000;
                assertEquals(waitNanos, e.at("/rate_limiter/wait").asLong(), e.toString());
                assertTrue(e.at("/event/duration").asLong() >= waitNanos, "the method's duration: " + e);
            }
        }

        List<Did> changes = kind(did, "circuit_breaker.state_change");
        List<JsonNode> changeEvents = named(all, "circuit_breaker.state_change");
        assertEquals(3, changes.size());
        assertEquals(changes.size(), changeEvents.size(), "subtypes, and the overload the parameters leave out: "
                + changeEvents);
        for (int i = 0; i < changes.size(); i++) {
            Did d = changes.get(i);
            JsonNode e = changeEvents.get(i);
            assertEquals(d.get("name"), e.at("/circuit_breaker/name").asText(), e.toString());
            assertEquals(schemaState(d.get("previous")), e.at("/circuit_breaker/previous_state").asText(), e.toString());
            assertEquals(schemaState(d.get("state")), e.at("/circuit_breaker/state").asText(), e.toString());
            assertEquals("onStateChange", e.at("/code/function").asText());
        }
        assertEquals(List.of("com.acme.download.LoggingBreakerListener", "com.acme.download.MetricsBreakerListener",
                "com.acme.download.MetricsBreakerListener"), changeEvents.stream()
                .map(e -> e.at("/code/namespace").asText()).toList(), "each implementation is woven");

        List<Did> fallbacks = kind(did, "fallback.invoke");
        List<JsonNode> fallbackEvents = named(all, "fallback.invoke");
        assertEquals(3, fallbacks.size());
        assertEquals(fallbacks.size(), fallbackEvents.size(), fallbackEvents.toString());
        for (int i = 0; i < fallbacks.size(); i++) {
            Did d = fallbacks.get(i);
            JsonNode e = fallbackEvents.get(i);
            assertRuleEvent(e, "com.acme.download.FallbackOrchestrator", "tryAdapter");
            assertEquals(d.get("name"), e.at("/fallback/name").asText(), e.toString());
            assertEquals(d.get("tier"), e.at("/labels/tier").asText(), e.toString());
            assertEquals(d.get("outcome"), e.at("/event/outcome").asText(), e.toString());
            String expectedError = d.get("error").isEmpty() ? (d.get("outcome").equals("failure")
                    ? "java.lang.IllegalStateException" : null) : d.get("error");
            assertEquals(expectedError == null ? "" : expectedError, e.at("/error/type").asText(),
                    "the trigger a field names, else the thrown class: " + e);
        }

        List<Did> attempts = kind(did, "retry.attempt");
        List<JsonNode> attemptEvents = named(all, "retry.attempt");
        assertEquals(3, attempts.size());
        assertEquals(attempts.size(), attemptEvents.size(), attemptEvents.toString());
        for (int i = 0; i < attempts.size(); i++) {
            Did d = attempts.get(i);
            JsonNode e = attemptEvents.get(i);
            assertEquals("api", e.at("/retry/name").asText(), "a text constant: " + e);
            assertEquals(d.get("attempt"), e.at("/retry/attempt").asText(), e.toString());
            assertEquals(d.get("result"), e.at("/retry/result").asText(), e.toString());
            assertEquals(d.get("result").equals("will_retry") ? "java.io.IOException" : "",
                    e.at("/error/type").asText(), e.toString());
        }

        List<Did> downloads = kind(did, "app.download");
        List<JsonNode> downloadEvents = named(all, "app.download");
        assertEquals(3, downloads.size());
        assertEquals(downloads.size(), downloadEvents.size(), downloadEvents.toString());
        for (int i = 0; i < downloads.size(); i++) {
            Did d = downloads.get(i);
            JsonNode e = downloadEvents.get(i);
            assertRuleEvent(e, "com.acme.download.Downloader", "fetch");
            assertEquals(d.get("url"), e.at("/download/url").asText(), "a public field: " + e);
            assertTrue(e.at("/download/bytes").isIntegralNumber(), e.toString());
            assertEquals(Long.parseLong(d.get("bytes")), e.at("/download/bytes").asLong(), "a record accessor: " + e);
            assertTrue(e.at("/download/cached").isBoolean(), e.toString());
            assertEquals(Boolean.parseBoolean(d.get("cached")), e.at("/download/cached").asBoolean(), e.toString());
            assertEquals(d.get("priority"), e.at("/labels/priority").asText(), "a getter: " + e);
            boolean broken = d.get("url").endsWith("broken");
            assertEquals(broken, e.at("/labels/checksum").isMissingNode(),
                    "the accessor that threw leaves its field out, the others stay: " + e);
            assertEquals("success", e.at("/event/outcome").asText());
            assertEquals(2_000_000_000L, e.at("/download/timeout").asLong(),
                    "a number with a unit is a duration, in nanoseconds, in an application's own field too: " + e);
            assertTrue(run.stdout.contains("fetched: " + e.at("/download/result").asText()),
                    "as text: the record's own toString, as the application printed it: " + e);
        }

        List<Did> requests = kind(did, "http.client.request");
        List<JsonNode> requestEvents = named(all, "http.client.request");
        assertEquals(2, requests.size());
        assertEquals(requests.size(), requestEvents.size(), requestEvents.toString());
        for (int i = 0; i < requests.size(); i++) {
            Did d = requests.get(i);
            JsonNode e = requestEvents.get(i);
            assertRuleEvent(e, "com.acme.download.HttpGateway", "send");
            assertEquals(d.get("method").toUpperCase(Locale.ROOT), e.at("/http/request/method").asText(), e.toString());
            assertEquals(d.get("host"), e.at("/server/address").asText(), e.toString());
            assertEquals(Integer.parseInt(d.get("port")), e.at("/server/port").asInt(), e.toString());
            assertEquals(d.get("path"), e.at("/url/path").asText(), "no query, no user-info: " + e);
            assertFalse(e.toString().contains("secret") || e.toString().contains("key=abc"), e.toString());
            int status = Integer.parseInt(d.get("status"));
            assertEquals(status, e.at("/http/response/status_code").asInt(), e.toString());
            assertEquals(status >= 400 ? "failure" : "success", e.at("/event/outcome").asText(), e.toString());
            assertEquals(status >= 400 ? d.get("status") : "", e.at("/error/type").asText(), "the HTTP rules: " + e);
        }

        List<Did> timed = kind(did, "app.method");
        List<JsonNode> methodEvents = named(all, "app.method");
        assertEquals(timed.stream().map(d -> d.get("function")).toList(),
                methodEvents.stream().map(e -> e.at("/code/function").asText()).toList(),
                "every call of the methods named, and only those: " + methodEvents);
        for (JsonNode e : methodEvents) {
            String function = e.at("/code/function").asText();
            assertEquals(function.equals("get") || function.equals("put") ? "com.acme.download.Cache"
                    : "com.acme.download.Resolver", e.at("/code/namespace").asText(), e.toString());
            assertEquals("rules", e.at("/event/provider").asText());
        }
        List<JsonNode> failed = methodEvents.stream().filter(e -> e.at("/event/outcome").asText().equals("failure"))
                .toList();
        assertEquals(1, failed.size(), "resolve(\" \") threw: " + methodEvents);
        assertEquals("java.lang.IllegalArgumentException", failed.get(0).at("/error/type").asText());
    }

    private static void assertRuleEvent(JsonNode e, String namespace, String function) {
        assertEquals("rules", e.at("/event/provider").asText(), e.toString());
        assertEquals(namespace, e.at("/code/namespace").asText(), e.toString());
        assertEquals(function, e.at("/code/function").asText(), e.toString());
    }

    /** The schema's word for the application's own spelling of a state ({@code HalfOpen} is {@code half_open}). */
    private static String schemaState(String appState) {
        return appState.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static List<Did> kind(List<Did> did, String kind) {
        return did.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    private static List<JsonNode> named(List<JsonNode> all, String name) {
        List<JsonNode> named = new ArrayList<>();
        for (JsonNode e : all) {
            if (e.at("/event/name").asText().equals(name)) {
                named.add(e);
            }
        }
        return named;
    }
}
