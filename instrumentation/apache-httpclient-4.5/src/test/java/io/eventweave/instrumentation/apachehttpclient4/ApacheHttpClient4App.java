package io.eventweave.instrumentation.apachehttpclient4;

import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHttpRequest;

/**
 * Calls a local server with Apache HttpClient 4.5 through its {@code execute} overloads and prints the client's own
 * view of each call: {@code call <name> <method> <path> status=<code|none> resends=<n> error=<class|none>}.
 * Args: the server's port.
 */
public final class ApacheHttpClient4App {
    private ApacheHttpClient4App() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String base = "http://127.0.0.1:" + port;
        try (CloseableHttpClient client = HttpClients.custom().setDefaultRequestConfig(RequestConfig.custom()
                .setSocketTimeout(300).setConnectTimeout(2000).build()).build()) {
            run("ok", "/status/200", () -> client.execute(new HttpGet(base + "/status/200")), null);
            HttpClientContext notFound = HttpClientContext.create();
            run("not-found", "/status/404", () -> client.execute(new HttpGet(base + "/status/404"), notFound),
                    notFound);
            run("server-error", "/status/500", () -> client.execute(new HttpHost("127.0.0.1", port),
                    new BasicHttpRequest("GET", "/status/500")), null);
            HttpClientContext redirect = HttpClientContext.create();
            run("redirect", "/redirect/200", () -> client.execute(new HttpGet(base + "/redirect/200"), redirect),
                    redirect);
            run("timeout", "/slow/2000", () -> client.execute(new HttpGet(base + "/slow/2000")), null);
            run("refused", "/refused", () -> client.execute(new HttpGet("http://127.0.0.1:1/refused")), null);
            try {
                int status = client.execute(new HttpGet(base + "/status/200"), r -> r.getStatusLine().getStatusCode());
                System.out.println("call handler GET /status/200 status=" + status + " resends=0 error=none");
            } catch (IOException e) {
                System.out.println("call handler GET /status/200 status=none resends=0 error=" + e.getClass().getName());
            }
        }
    }

    interface Execute {
        CloseableHttpResponse execute() throws IOException;
    }

    private static void run(String name, String path, Execute call, HttpClientContext context) {
        try (CloseableHttpResponse response = call.execute()) {
            int resends = context == null || context.getRedirectLocations() == null ? 0
                    : context.getRedirectLocations().size();
            System.out.println("call " + name + " GET " + path + " status=" + response.getStatusLine().getStatusCode()
                    + " resends=" + resends + " error=none");
        } catch (IOException e) {
            System.out.println("call " + name + " GET " + path + " status=none resends=0 error="
                    + e.getClass().getName());
        }
    }
}
