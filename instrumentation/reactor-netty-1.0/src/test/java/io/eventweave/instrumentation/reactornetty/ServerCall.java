package io.eventweave.instrumentation.reactornetty;

/**
 * The requests {@link ReactorNettyServerApp} sends to its own Reactor Netty server: what the client gets (a status,
 * or the class of the exception when no response comes), the event's {@code event.outcome} and {@code error.type},
 * how many calls the handler makes to the downstream server, and the caller's {@code traceparent} (null: none).
 */
enum ServerCall {
    //             method  path           the client gets                     outcome    error.type                        downstream  traceparent
    OK(            "GET",  "/ok",         "200",                              "success", null,                             0, null),
    OK_TRACED(     "GET",  "/ok",         "200",                              "success", null,                             0, "00-11111111111111111111111111111111-1111111111111111-01"),
    MISSING(       "GET",  "/missing",    "404",                              "success", null,                             0, "00-22222222222222222222222222222222-2222222222222222-01"),
    FAIL(          "GET",  "/fail",       "500",                              "failure", "500",                            0, "00-33333333333333333333333333333333-3333333333333333-01"),
    /** The handler's publisher fails: the library answers 500. */
    THROW(         "GET",  "/throw",      "500",                              "failure", "java.lang.IllegalStateException", 0, "00-44444444444444444444444444444444-4444444444444444-01"),
    /**
     * The handler throws before returning a publisher: the library closes the connection without a response (a POST:
     * the JDK client would send a GET again on the next connection).
     */
    THROW_SYNC(    "POST", "/throw-sync", "java.io.IOException",              "failure", "java.lang.IllegalStateException", 0, "00-66666666666666666666666666666666-6666666666666666-01"),
    /** The client gives up (a 500 ms timeout) before the handler answers, 3 s later. */
    ABANDONED(     "GET",  "/hang",       "java.net.http.HttpTimeoutException", "unknown", "cancelled",                 0, "00-77777777777777777777777777777777-7777777777777777-01"),
    DOWNSTREAM(    "GET",  "/downstream", "200",                              "success", null,                             1, null),
    DOWNSTREAM_TRACED("GET", "/downstream", "200",                            "success", null,                             1, "00-55555555555555555555555555555555-5555555555555555-01"),
    /** Two client calls, the second started on the event loop that delivered the first one's response. */
    CHAINED(       "GET",  "/chained",    "200",                              "success", null,                             2, "00-88888888888888888888888888888888-8888888888888888-01"),
    /** The request body is read, then a client call is made with it. */
    BODY(          "POST", "/body",       "200",                              "success", null,                             1, "00-99999999999999999999999999999999-9999999999999999-01");

    final String method;
    final String path;
    final String answer;
    final String outcome;
    final String errorType;
    final int downstreamCalls;
    final String traceparent;

    ServerCall(String method, String path, String answer, String outcome, String errorType, int downstreamCalls,
            String traceparent) {
        this.method = method;
        this.path = path;
        this.answer = answer;
        this.outcome = outcome;
        this.errorType = errorType;
        this.downstreamCalls = downstreamCalls;
        this.traceparent = traceparent;
    }

    /** The trace id of {@link #traceparent}, or null. */
    String traceId() {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    /** Whether a response came (the client got a status). */
    boolean answered() {
        return answer.matches("\\d+");
    }
}
