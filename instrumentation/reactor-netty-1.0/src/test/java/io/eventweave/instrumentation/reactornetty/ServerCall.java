package io.eventweave.instrumentation.reactornetty;

/**
 * The requests {@link ReactorNettyServerApp} sends to its own Reactor Netty server, each with the status its route
 * answers and, when {@link #traceparent} is set, the caller's {@code traceparent}.
 */
enum ServerCall {
    OK("/ok", 200, null),
    OK_TRACED("/ok", 200, "00-11111111111111111111111111111111-1111111111111111-01"),
    MISSING("/missing", 404, "00-22222222222222222222222222222222-2222222222222222-01"),
    FAIL("/fail", 500, "00-33333333333333333333333333333333-3333333333333333-01"),
    THROW("/throw", 500, "00-44444444444444444444444444444444-4444444444444444-01"),
    DOWNSTREAM("/downstream", 200, null),
    DOWNSTREAM_TRACED("/downstream", 200, "00-55555555555555555555555555555555-5555555555555555-01");

    final String path;
    final int status;
    final String traceparent;

    ServerCall(String path, int status, String traceparent) {
        this.path = path;
        this.status = status;
        this.traceparent = traceparent;
    }

    /** The trace id of {@link #traceparent}, or null. */
    String traceId() {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }
}
