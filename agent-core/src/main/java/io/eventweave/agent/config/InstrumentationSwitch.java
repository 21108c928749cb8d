package io.eventweave.agent.config;

/**
 * An instrumentation that can be switched off: its name gives the setting {@code instrumentation.<name>.enabled}
 * (and the {@code event.provider} of its events), its description says what it records, for {@code --help}.
 *
 * @param name for example {@code jdk-httpclient}
 * @param description one sentence, for example "java.net.http.HttpClient requests (http.client.request)."
 */
public record InstrumentationSwitch(String name, String description) {
    /** {@code instrumentation.<name>.enabled}. */
    public String key() {
        return "instrumentation." + name + ".enabled";
    }
}
