package io.eventweave.instrumentation.okhttp;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Calls a local server with OkHttp (compiled against 3.12, run with 3.12, 4.x and 5.x) and prints OkHttp's own view of
 * each call: {@code call <name> <method> <path> status=<code|none> resends=<n> error=<class|none>}. Calls: 200, 404,
 * 500, a redirect followed (302 then 200), a read timeout, a refused connection, the same 200 and 404 with
 * {@code enqueue}, a cancelled call, and a call through an application interceptor that retries a 503 once.
 * Args: the server's port.
 */
public final class OkHttpApp {
    private OkHttpApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(300, TimeUnit.MILLISECONDS).build();
        sync(client, "ok", base + "/status/200");
        sync(client, "not-found", base + "/status/404");
        sync(client, "server-error", base + "/status/500");
        sync(client, "redirect", base + "/redirect/200");
        sync(client, "timeout", base + "/slow/2000");
        sync(client, "refused", "http://127.0.0.1:1/refused");
        async(client, "async-ok", base + "/status/200");
        async(client, "async-not-found", base + "/status/404");
        cancelled(client, base + "/slow/1000");
        OkHttpClient retrying = client.newBuilder().addInterceptor(new RetryOnce()).build();
        sync(retrying, "app-retry", base + "/flaky/app-retry/1");
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * A call cancelled from another thread while it waits for the answer. Which exception OkHttp throws depends on
     * where the cancel lands: {@code IOException("Canceled")} when the call is between attempts (a pooled connection
     * that failed is retried, and the retry loop sees the cancel first), the read's {@code SocketException} when the
     * socket is closed under it. So that the app prints the same with and without the agent, the call gets a
     * connection of its own ({@code ConnectionPool} not shared with the calls before, whose async responses may still
     * be closing), no retry on a connection failure, and the cancel comes only once the request was written
     * ({@code EventListener.requestHeadersEnd}, OkHttp 3.11 and later): it always ends in the socket's exception.
     */
    private static void cancelled(OkHttpClient client, String url) {
        CountDownLatch sent = new CountDownLatch(1);
        OkHttpClient own = client.newBuilder().connectionPool(new ConnectionPool()).retryOnConnectionFailure(false)
                .eventListener(new EventListener() {
                    @Override
                    public void requestHeadersEnd(Call call, Request request) {
                        sent.countDown();
                    }
                }).build();
        Call call = own.newCall(new Request.Builder().url(url).build());
        Thread canceller = new Thread(() -> {
            try {
                sent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sleep(100);
            call.cancel();
        });
        canceller.start();
        print("cancelled", "GET", call.request().url().encodedPath(), call);
        own.connectionPool().evictAll();
    }

    private static void sync(OkHttpClient client, String name, String url) {
        Request request = new Request.Builder().url(url).build();
        print(name, "GET", request.url().encodedPath(), client.newCall(request));
    }

    private static void print(String name, String method, String path, Call call) {
        try (Response response = call.execute()) {
            System.out.println("call " + name + " " + method + " " + path + " status=" + response.code() + " resends="
                    + resends(response) + " error=none");
        } catch (IOException e) {
            System.out.println("call " + name + " " + method + " " + path + " status=none resends=0 error="
                    + e.getClass().getName());
        }
    }

    private static void async(OkHttpClient client, String name, String url) throws Exception {
        Request request = new Request.Builder().url(url).build();
        CompletableFuture<String> line = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                line.complete("status=none resends=0 error=" + e.getClass().getName());
            }

            @Override
            public void onResponse(Call call, Response response) {
                line.complete("status=" + response.code() + " resends=" + resends(response) + " error=none");
                response.close();
            }
        });
        System.out.println("call " + name + " GET " + request.url().encodedPath() + " " + line.get());
    }

    private static int resends(Response response) {
        int n = 0;
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            n++;
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An application interceptor that tries again once when the answer is 503. */
    static final class RetryOnce implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Response first = chain.proceed(chain.request());
            if (first.code() != 503) {
                return first;
            }
            first.close();
            return chain.proceed(chain.request());
        }
    }
}
