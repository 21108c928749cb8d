package io.eventweave.testing.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Makes the HTTP calls named on its command line, one after the other, and prints one line per call with what the
 * application itself saw (status or exception), so a test can compare the events with it, and the output with and
 * without the agent.
 *
 * <p>Usage: {@code HttpClientApp <port> <client>:<method>:<path>[:<option>] ...} where client is {@code jdk} (send),
 * {@code jdk-async} (sendAsync) or {@code url} (HttpURLConnection); path {@code refused} targets a closed port;
 * options: {@code timeout} (300 ms), {@code own-traceparent} (the app sets its own header), {@code code} / {@code stream}
 * (HttpURLConnection: getResponseCode or getInputStream). {@code sleep:<ms>} pauses between calls.
 */
public final class HttpClientApp {
    /** The header an application sets itself in the {@code own-traceparent} scenario. */
    public static final String OWN_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private HttpClientApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int closedPort = closedPort();
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split(":");
            String kind = parts[0];
            if (kind.equals("sleep")) { // sleep:<ms>, keeps the JVM alive so a test can watch the file
                Thread.sleep(Long.parseLong(parts[1]));
                System.out.println(i + " " + args[i] + " -> slept");
                continue;
            }
            String method = parts[1];
            String path = parts[2];
            String option = parts.length > 3 ? parts[3] : "";
            String url = path.equals("refused") ? "http://127.0.0.1:" + closedPort + "/refused"
                    : "http://127.0.0.1:" + port + path;
            String result;
            switch (kind) {
                case "jdk":
                case "jdk-async":
                    result = jdk(client, kind.equals("jdk-async"), method, url, option);
                    break;
                case "url":
                    result = urlConnection(method, url, option);
                    break;
                default:
                    throw new IllegalArgumentException(kind);
            }
            System.out.println(i + " " + args[i] + " -> " + result);
        }
    }

    private static String jdk(HttpClient client, boolean async, String method, String url, String option)
            throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        if (method.equals("POST")) {
            builder.POST(HttpRequest.BodyPublishers.ofString("hello"));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (option.equals("timeout")) {
            builder.timeout(Duration.ofMillis(300));
        }
        if (option.equals("own-traceparent")) {
            builder.header("traceparent", OWN_TRACEPARENT);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = async
                    ? client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join()
                    : client.send(request, HttpResponse.BodyHandlers.ofString());
            String sentHeader = response.request().headers().firstValue("traceparent").orElse("none");
            return response.statusCode() + " body=" + response.body().trim()
                    + (option.equals("own-traceparent") ? " own-header-kept=" + sentHeader.equals(OWN_TRACEPARENT) : "");
        } catch (CompletionException e) {
            return e.getCause().getClass().getName();
        } catch (IOException e) {
            return e.getClass().getName();
        }
    }

    private static String urlConnection(String method, String url, String option) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod(method);
            if (option.equals("timeout")) {
                connection.setReadTimeout(300);
            }
            if (option.equals("own-traceparent")) {
                connection.setRequestProperty("traceparent", OWN_TRACEPARENT);
            }
            if (method.equals("POST")) {
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write("hello".getBytes(StandardCharsets.UTF_8));
                }
            }
            if (option.equals("code") || option.equals("own-traceparent") || option.equals("timeout")) {
                int code = connection.getResponseCode();
                return code + " (getResponseCode)";
            }
            try (InputStream in = connection.getInputStream()) {
                return connection.getResponseCode() + " body=" + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            return e.getClass().getName();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
