package io.eventweave.benchmarks.matched;

import io.eventweave.benchmarks.overhead.LoopbackService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * B9, the instrumentations of issue 11 on their hot paths; the report runs this class with no agent and with ours
 * ({@code -jvmArgsAppend}) and compares each benchmark across the runs. The benchmark thread has no trace context,
 * as in an application outside any request:
 * <ul>
 * <li>hand-overs that are woven but carry nothing and emit nothing ({@code jdk-concurrent}, {@code reactor}):
 * {@link #executorSubmit} ({@code ExecutorService.submit} to a 1-thread pool, then {@code get}),
 * {@link #completableFutureSupplyAsync}, {@link #forkJoinSubmit} (the common pool), {@link #threadStartJoin},
 * {@link #reactorPublishOn} ({@code publishOn} a single-thread scheduler, then {@code block});</li>
 * <li>one request per operation with the HTTP clients added (each writes an {@code http.client.request}, and the JDK
 * server a {@code http.server.request}, as in B5's {@code httpLoop}): {@link #okHttpCall} (OkHttp 4.12),
 * {@link #apacheClassicCall} (Apache HttpClient 5.6 classic), {@link #reactorNettyCall} (Reactor Netty 1.4).</li>
 * </ul>
 * The same hand-overs inside a trace ({@code …InTrace}): each runs as the function of a closed Resilience4j breaker's
 * {@code decorateSupplier}, whose outermost call starts a trace on a thread that has none (and emits nothing), so the
 * hand-over has a context to carry: the task is wrapped and the context attached and restored around it where it runs.
 * {@link #breakerInTrace} is that breaker around the bare task, the part of those figures that is not the hand-over.
 * Without the agent the breaker is there too and does nothing more than its own work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatchedCallsBenchmark {
    private ExecutorService pool;
    private Scheduler scheduler;
    /** B5's loopback JDK HTTP server (its HTTP client and breaker go unused here). */
    private LoopbackService server;
    private String url;
    private OkHttpClient okHttp;
    private CloseableHttpClient apache;
    private reactor.netty.http.client.HttpClient reactorNetty;
    private long counter;
    private Supplier<Long> breakerInTrace;
    private Supplier<Long> executorSubmitInTrace;
    private Supplier<Long> completableFutureSupplyAsyncInTrace;
    private Supplier<Long> forkJoinSubmitInTrace;
    private Supplier<Long> threadStartJoinInTrace;
    private Supplier<Long> reactorPublishOnInTrace;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        pool = Executors.newSingleThreadExecutor();
        scheduler = Schedulers.newSingle("b9");
        server = new LoopbackService();
        url = server.url();
        okHttp = new OkHttpClient();
        apache = HttpClients.createDefault();
        reactorNetty = reactor.netty.http.client.HttpClient.create();
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("b9");
        breakerInTrace = CircuitBreaker.decorateSupplier(breaker, this::next);
        executorSubmitInTrace = CircuitBreaker.decorateSupplier(breaker, this::submitAndGet);
        completableFutureSupplyAsyncInTrace = CircuitBreaker.decorateSupplier(breaker, this::completableFutureSupplyAsync);
        forkJoinSubmitInTrace = CircuitBreaker.decorateSupplier(breaker, this::forkJoinSubmit);
        threadStartJoinInTrace = CircuitBreaker.decorateSupplier(breaker, this::startAndJoin);
        reactorPublishOnInTrace = CircuitBreaker.decorateSupplier(breaker, this::reactorPublishOn);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.shutdownNow();
        scheduler.dispose();
        apache.close();
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        server.close();
    }

    private Long next() {
        return ++counter & 0x7f; // cached Long values: the task itself allocates nothing
    }

    private Long submitAndGet() {
        try {
            return pool.submit(this::next).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private Long startAndJoin() {
        try {
            return threadStartJoin();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public Long executorSubmit() throws InterruptedException, ExecutionException {
        return pool.submit(this::next).get();
    }

    @Benchmark
    public Long completableFutureSupplyAsync() {
        return CompletableFuture.supplyAsync(this::next, pool).join();
    }

    @Benchmark
    public Long forkJoinSubmit() {
        return ForkJoinPool.commonPool().submit(this::next).join();
    }

    @Benchmark
    public Long threadStartJoin() throws InterruptedException {
        Thread thread = new Thread(this::next);
        thread.start();
        thread.join();
        return counter & 0x7f;
    }

    @Benchmark
    public Long reactorPublishOn() {
        return Mono.fromSupplier(this::next).publishOn(scheduler).block();
    }

    @Benchmark
    public int okHttpCall() throws IOException {
        try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
            response.body().bytes();
            return response.code();
        }
    }

    @Benchmark
    public int apacheClassicCall() throws IOException {
        return apache.execute(new HttpGet(url), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    @Benchmark
    public Integer reactorNettyCall() {
        return reactorNetty.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> response.status().code())).block();
    }

    @Benchmark
    public Long breakerInTrace() {
        return breakerInTrace.get();
    }

    @Benchmark
    public Long executorSubmitInTrace() {
        return executorSubmitInTrace.get();
    }

    @Benchmark
    public Long completableFutureSupplyAsyncInTrace() {
        return completableFutureSupplyAsyncInTrace.get();
    }

    @Benchmark
    public Long forkJoinSubmitInTrace() {
        return forkJoinSubmitInTrace.get();
    }

    @Benchmark
    public Long threadStartJoinInTrace() {
        return threadStartJoinInTrace.get();
    }

    @Benchmark
    public Long reactorPublishOnInTrace() {
        return reactorPublishOnInTrace.get();
    }
}
