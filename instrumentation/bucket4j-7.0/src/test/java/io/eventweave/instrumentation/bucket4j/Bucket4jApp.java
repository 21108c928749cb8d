package io.eventweave.instrumentation.bucket4j;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.Refill;
import java.time.Duration;

/**
 * Bucket4j (compiled against 8.x, run against 7.6 and 8.x): prints what the library returned, one line per call, as
 * {@code lib rate_limiter.acquire <allocation site> <result> <tokens>}. Buckets have no name; the agent names them
 * by the line that built them, which this app computes on the same line as {@code build()}.
 */
public final class Bucket4jApp {
    private Bucket4jApp() {
    }

    @SuppressWarnings("deprecation") // Bandwidth.classic / Refill: the API common to 7.x and 8.x
    public static void main(String[] args) throws Exception {
        Bucket api = Bucket.builder().addLimit(Bandwidth.classic(2, Refill.intervally(2, Duration.ofSeconds(30)))).build(); String apiName = site();
        report(apiName, api.tryConsume(1) ? "acquired" : "rejected", 1);
        report(apiName, api.tryConsume(1) ? "acquired" : "rejected", 1);
        report(apiName, api.tryConsume(1) ? "acquired" : "rejected", 1); // empty
        report(apiName, api.tryConsumeAndReturnRemaining(1).isConsumed() ? "acquired" : "rejected", 1);
        Bucket slow = Bucket.builder().addLimit(Bandwidth.classic(1, Refill.intervally(1, Duration.ofMillis(300)))).build(); String slowName = site();
        report(slowName, slow.tryConsume(1) ? "acquired" : "rejected", 1);
        long start = System.nanoTime();
        slow.asBlocking().consume(1); // waits for the refill
        report(slowName, (System.nanoTime() - start) / 1_000_000 >= 100 ? "waited" : "acquired", 1);
        report(slowName, slow.asBlocking().tryConsume(1, Duration.ofMillis(10)) ? "acquired" : "rejected", 1);
        System.out.println("done");
    }

    private static void report(String name, String result, long tokens) {
        System.out.println("lib rate_limiter.acquire " + name + " " + result + " " + tokens);
    }

    private static String site() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + caller.getLineNumber();
    }
}
