package io.eventweave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** Renders resilience events the way the test applications print the library's own view of the same moments. */
public final class LibraryView {
    private LibraryView() {
    }

    /** What a test app printed as the library's own view: its {@code lib <line>} lines, without the prefix. */
    public static List<String> printed(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("lib ")).map(l -> l.substring("lib ".length()))
                .collect(Collectors.toList());
    }

    /**
     * The event in the test apps' format, {@code <event.name> <name> <fields...>}; the failure rate is left out for a
     * library whose own view does not report it.
     */
    public static String line(JsonNode e, boolean withFailureRate) {
        String name = e.at("/event/name").asText();
        switch (name) {
            case "circuit_breaker.state_change": {
                JsonNode cb = e.path("circuit_breaker");
                return name + " " + cb.path("name").asText() + " " + cb.path("previous_state").asText() + " "
                        + cb.path("state").asText()
                        + (withFailureRate && cb.has("failure_rate") ? " " + (float) cb.path("failure_rate").asDouble() : "");
            }
            case "circuit_breaker.rejected":
                return name + " " + e.at("/circuit_breaker/name").asText() + " " + e.at("/circuit_breaker/state").asText();
            case "rate_limiter.acquire":
                return name + " " + e.at("/rate_limiter/name").asText() + " " + e.at("/rate_limiter/result").asText()
                        + " " + e.at("/rate_limiter/permits").asInt();
            case "retry.attempt": {
                JsonNode retry = e.path("retry");
                String result = retry.path("result").asText();
                String line = name + " " + retry.path("name").asText() + " " + result + " " + retry.path("attempt").asInt();
                if (result.equals("will_retry")) {
                    line += " " + retry.path("wait").asLong() / 1_000_000 + "ms";
                }
                return result.equals("succeeded") ? line : line + " " + e.at("/error/type").asText();
            }
            case "time_limiter.timeout":
                return name + " " + e.at("/time_limiter/name").asText() + " "
                        + e.at("/time_limiter/timeout").asLong() / 1_000_000 + "ms " + e.at("/error/type").asText();
            case "fallback.invoke":
                return name + " " + e.at("/fallback/name").asText() + " " + e.at("/error/type").asText() + " "
                        + e.at("/event/outcome").asText();
            default:
                return name + " " + e.at("/bulkhead/name").asText();
        }
    }
}
