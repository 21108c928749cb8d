package io.eventweave.it.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A service that hands part of each request's work to another thread before calling its downstream, knowing nothing
 * of eventweave: {@code GET /hop/<kind>} moves a call of {@code <downstream>/downstream/<kind>} (the JDK
 * {@code HttpClient}) to another thread in one of these ways, waits for it and answers 200 with the downstream's
 * status:
 * <ul>
 *   <li>{@code submit}: {@code ExecutorService.submit} on a one-thread pool that every such request reuses;</li>
 *   <li>{@code execute}: {@code Executor.execute} on a cached pool; {@code invokeAll}: two callables, the call in
 *       the first;</li>
 *   <li>{@code schedule}: {@code ScheduledExecutorService.schedule} with a delay;</li>
 *   <li>{@code fork-join}: a {@code RecursiveTask} forked on the common pool (the call in the forked half);</li>
 *   <li>{@code completable}: {@code CompletableFuture.supplyAsync(...).thenApplyAsync(call)};</li>
 *   <li>{@code thread}: a new {@code Thread}, started and joined;</li>
 *   <li>{@code virtual}: {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+; on older JDKs it answers 501);</li>
 *   <li>{@code reactor}: {@code Mono.fromCallable(call).subscribeOn(boundedElastic()).publishOn(parallel())};</li>
 *   <li>{@code inline-task}: no hop: a {@code ForkJoinTask} made outside any request (so it carries no context) runs
 *       on the request's thread ({@code invoke}, as a {@code join} helping the pool does), then the request's
 *       thread makes the call itself.</li>
 * </ul>
 * {@code GET /done} ends the run: the main thread, which has no request's context, then submits one more call to the
 * reused one-thread pool ({@code /downstream/no-context}) and stops. Prints {@code listening <port> java <feature>}.
 * Args: the downstream's base URL.
 */
public final class ContextHopsApp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** Made by the main thread before the server starts, outside any request: for {@code inline-task}. */
    private static final BlockingQueue<ForkJoinTask<Integer>> CONTEXT_FREE_TASKS = new LinkedBlockingQueue<>();
    private static String downstream;

    private ContextHopsApp() {
    }

    public static void main(String[] args) throws Exception {
        downstream = args[0];
        for (int i = 0; i < 8; i++) {
            CONTEXT_FREE_TASKS.add(ForkJoinTask.adapt(() -> 0));
        }
        ExecutorService reused = Executors.newSingleThreadExecutor();
        ExecutorService cached = Executors.newCachedThreadPool();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        CountDownLatch done = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hop/", exchange -> {
            String kind = exchange.getRequestURI().getPath().substring("/hop/".length());
            try {
                Integer status = hop(kind, reused, cached, scheduler);
                respond(exchange, status == null ? 501 : 200, status == null ? "not on this JDK" : "downstream " + status);
            } catch (Exception e) {
                respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/done", exchange -> {
            respond(exchange, 200, "done");
            done.countDown();
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort() + " java " + Runtime.version().feature());
        done.await();
        System.out.println("no-context " + reused.submit(() -> call("no-context")).get());
        server.stop(0);
        reused.shutdown();
        cached.shutdown();
        scheduler.shutdown();
    }

    /** The downstream's status as the hop's thread got it; null when the hop does not exist on this JDK. */
    private static Integer hop(String kind, ExecutorService reused, ExecutorService cached,
            ScheduledExecutorService scheduler) throws Exception {
        switch (kind) {
            case "submit":
                return reused.submit(() -> call(kind)).get();
            case "execute": {
                CompletableFuture<Integer> status = new CompletableFuture<>();
                cached.execute(() -> status.complete(call(kind)));
                return status.get();
            }
            case "invokeAll": {
                List<Callable<Integer>> tasks = List.of(() -> call(kind), () -> 0);
                return cached.invokeAll(tasks).get(0).get();
            }
            case "schedule":
                return scheduler.schedule(() -> call(kind), 10, TimeUnit.MILLISECONDS).get();
            case "fork-join":
                return ForkJoinPool.commonPool().invoke(new Halves(kind, true));
            case "completable":
                return CompletableFuture.supplyAsync(() -> kind).thenApplyAsync(ContextHopsApp::call).get();
            case "thread": {
                int[] status = new int[1];
                Thread thread = new Thread(() -> status[0] = call(kind));
                thread.start();
                thread.join();
                return status[0];
            }
            case "virtual": {
                if (Runtime.version().feature() < 21) {
                    return null;
                }
                ExecutorService virtual = (ExecutorService) Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
                try {
                    return virtual.submit(() -> call(kind)).get();
                } finally {
                    virtual.shutdown();
                }
            }
            case "reactor":
                return Mono.fromCallable(() -> call(kind)).subscribeOn(Schedulers.boundedElastic())
                        .publishOn(Schedulers.parallel()).block();
            case "inline-task":
                CONTEXT_FREE_TASKS.take().invoke();
                return call(kind);
            default:
                throw new IllegalArgumentException("no hop " + kind);
        }
    }

    /** Forks its second half, which makes the call, and computes its first (a 0) itself. */
    private static final class Halves extends RecursiveTask<Integer> {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final boolean split;

        Halves(String kind, boolean split) {
            this.kind = kind;
            this.split = split;
        }

        @Override
        protected Integer compute() {
            if (!split) {
                return call(kind);
            }
            Halves second = new Halves(kind, false);
            second.fork();
            return second.join();
        }
    }

    private static int call(String kind) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(downstream + "/downstream/" + kind)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
