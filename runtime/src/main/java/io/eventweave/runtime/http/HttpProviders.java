package io.eventweave.runtime.http;

import java.util.function.BiPredicate;

/** {@code event.provider} names of the HTTP client instrumentations, and small constants their advice uses. */
public final class HttpProviders {
    public static final String JDK_HTTPCLIENT = "jdk-httpclient";
    public static final String JDK_URLCONNECTION = "jdk-urlconnection";
    public static final String JDK_HTTPSERVER = "jdk-httpserver";
    /** Apache HttpClient 4.5 and 5.x classic calls. */
    public static final String APACHE_HTTPCLIENT = "apache-httpclient";
    /** OkHttp 3.12 to 5.x calls. */
    public static final String OKHTTP = "okhttp";
    /** Requests a servlet container received, through the Servlet API ({@code javax.servlet} or {@code jakarta.servlet}). */
    public static final String SERVLET = "servlet";
    /** Reactor Netty's HttpClient and HttpServer (Spring WebClient, WebFlux). */
    public static final String REACTOR_NETTY = "reactor-netty";
    public static final String TRACEPARENT = "traceparent";
    /**
     * An attribute of a JDK {@code HttpContext} the agent serves itself (the metrics endpoint): the server
     * instrumentation records no event for its exchanges, so a scrape never shows up as the application's traffic.
     */
    public static final String AGENT_ENDPOINT = "io.eventweave.agent-endpoint";

    /** Keeps every header when a request is copied to add {@code traceparent} (advice cannot hold lambdas). */
    public static final BiPredicate<String, String> ALL_HEADERS = (name, value) -> true;

    private HttpProviders() {
    }
}
