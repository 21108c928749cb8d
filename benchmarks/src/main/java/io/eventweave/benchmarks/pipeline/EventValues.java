package io.eventweave.benchmarks.pipeline;

import io.eventweave.runtime.TraceContext;

/**
 * The one event every process-level contender writes: an {@code http.client.request} with the values of the B1 JMH
 * state ({@code HttpRequestValues}), here as constants of the run. The Log4j2 anchor gets the numbers pre-boxed once
 * (so its producer allocates nothing for them, which favours it) and the ids as hex strings.
 */
final class EventValues {
    static final String PROVIDER = "jdk-httpclient";
    static final String METHOD = "GET";
    static final String SCHEME = "https";
    static final String HOST = "api.example.com";
    static final int PORT = 8443;
    static final String PATH = "/v1/orders/42";
    static final int STATUS = 200;
    static final long DURATION_NANOS = 250_000L;
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";
    static final TraceContext TRACE = TraceContext.fromHex(TRACE_ID, SPAN_ID, 1);

    private EventValues() {
    }
}
