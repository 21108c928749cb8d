package io.eventweave.runtime.http;

import java.util.function.BiPredicate;

/** {@code event.provider} names of the HTTP client instrumentations, and small constants their advice uses. */
public final class HttpProviders {
    public static final String JDK_HTTPCLIENT = "jdk-httpclient";
    public static final String JDK_URLCONNECTION = "jdk-urlconnection";
    public static final String JDK_HTTPSERVER = "jdk-httpserver";
    public static final String REACTOR_NETTY = "reactor-netty";
    public static final String TRACEPARENT = "traceparent";

    /** Keeps every header when a request is copied to add {@code traceparent} (advice cannot hold lambdas). */
    public static final BiPredicate<String, String> ALL_HEADERS = (name, value) -> true;

    private HttpProviders() {
    }
}
