package io.eventweave.it.apps;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * An application that uses the OpenTelemetry API (no SDK): it makes a span current and calls HTTP inside it, then
 * once more outside any span. Prints the ids it used.
 *
 * <p>Usage: {@code OpenTelemetryApp <port>}
 */
public final class OpenTelemetryApp {
    public static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    public static final String SPAN_ID = "eee19b7ec3c1b174";

    private OpenTelemetryApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        HttpClient client = HttpClient.newHttpClient();
        Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            int a = client.send(HttpRequest.newBuilder(URI.create(base + "/status/200")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            HttpURLConnection connection = (HttpURLConnection) new URL(base + "/status/201").openConnection();
            int b = connection.getResponseCode();
            System.out.println("inside span " + TRACE_ID + " " + SPAN_ID + ": " + a + " " + b);
        }
        int c = client.send(HttpRequest.newBuilder(URI.create(base + "/status/202")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        System.out.println("outside span: " + c);
    }
}
