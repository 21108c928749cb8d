package io.eventweave.instrumentation.apachehttpclient5;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;

/**
 * Calls a local server with Apache HttpClient 5.x, classic (its {@code execute} overloads) and async (a
 * {@code FutureCallback}), and prints the
 * client's own view of each call: {@code call <name> <method> <path> status=<code|none> resends=<n> error=<class|none>}.
 * Args: the server's port.
 */
public final class ApacheHttpClient5App {
    private ApacheHttpClient5App() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String base = "http://127.0.0.1:" + port;
        try (CloseableHttpClient client = HttpClients.custom().setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(300)).build()).build()) {
            run("ok", "/status/200", () -> client.execute(new HttpGet(base + "/status/200")), null);
            HttpClientContext notFound = HttpClientContext.create();
            run("not-found", "/status/404", () -> client.execute(new HttpGet(base + "/status/404"), notFound),
                    notFound);
            run("server-error", "/status/500", () -> client.execute(new HttpHost("http", "127.0.0.1", port),
                    new BasicClassicHttpRequest("GET", "/status/500")), null);
            HttpClientContext redirect = HttpClientContext.create();
            run("redirect", "/redirect/200", () -> client.execute(new HttpGet(base + "/redirect/200"), redirect),
                    redirect);
            run("timeout", "/slow/2000", () -> client.execute(new HttpGet(base + "/slow/2000")), null);
            run("refused", "/refused", () -> client.execute(new HttpGet("http://127.0.0.1:1/refused")), null);
            try {
                int status = client.execute(new HttpGet(base + "/status/200"), r -> r.getCode());
                System.out.println("call handler GET /status/200 status=" + status + " resends=0 error=none");
            } catch (IOException e) {
                System.out.println("call handler GET /status/200 status=none resends=0 error=" + e.getClass().getName());
            }
        }
        try (CloseableHttpAsyncClient async = HttpAsyncClients.custom().setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(300)).build()).build()) {
            async.start();
            async(async, "async-ok", base, "/status/200");
            async(async, "async-not-found", base, "/status/404");
            async(async, "async-redirect", base, "/redirect/200");
            async(async, "async-refused", "http://127.0.0.1:1", "/refused");
        }
    }

    /** {@code execute(SimpleHttpRequest, HttpContext, FutureCallback)}: the callback's view, printed when it is told. */
    private static void async(CloseableHttpAsyncClient client, String name, String base, String path)
            throws Exception {
        HttpClientContext context = HttpClientContext.create();
        CompletableFuture<String> line = new CompletableFuture<>();
        client.execute(new SimpleHttpRequest("GET", URI.create(base + path)), context,
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        int resends = context.getRedirectLocations() == null ? 0
                                : context.getRedirectLocations().size();
                        line.complete("status=" + response.getCode() + " resends=" + resends + " error=none");
                    }

                    @Override
                    public void failed(Exception e) {
                        line.complete("status=none resends=0 error=" + e.getClass().getName());
                    }

                    @Override
                    public void cancelled() {
                        line.complete("status=none resends=0 error=java.util.concurrent.CancellationException");
                    }
                });
        System.out.println("call " + name + " GET " + path + " " + line.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    interface Execute {
        CloseableHttpResponse execute() throws IOException;
    }

    private static void run(String name, String path, Execute call, HttpClientContext context) {
        try (CloseableHttpResponse response = call.execute()) {
            int resends = context == null || context.getRedirectLocations() == null ? 0
                    : context.getRedirectLocations().size();
            System.out.println("call " + name + " GET " + path + " status=" + response.getCode() + " resends="
                    + resends + " error=none");
        } catch (IOException e) {
            System.out.println("call " + name + " GET " + path + " status=none resends=0 error="
                    + e.getClass().getName());
        }
    }
}
