package io.eventweave.instrumentation.guava;

import com.google.common.util.concurrent.RateLimiter;
import java.util.concurrent.TimeUnit;

/**
 * Guava's RateLimiter (compiled against 33.x, run against 16.0 and 33.x): prints what the library returned, one line
 * per call, as {@code lib rate_limiter.acquire <allocation site> <result> <permits>}. A limiter has no name; the
 * agent names it by the file and line that created it, which this app computes on the same line as {@code create}.
 */
public final class GuavaApp {
    private GuavaApp() {
    }

    public static void main(String[] args) {
        RateLimiter slow = RateLimiter.create(5.0); String slowName = site(); // 5 permits per second
        acquire(slow, slowName, 1); // first permit: no wait
        acquire(slow, slowName, 1); // waits about 200 ms
        acquire(slow, slowName, 2);
        RateLimiter strict = RateLimiter.create(1.0, 1, TimeUnit.SECONDS); String strictName = site();
        tryAcquire(strict, strictName, 1, 0);
        tryAcquire(strict, strictName, 1, 0); // rejected: next permit in about 1 s
        tryAcquire(strict, strictName, 3, 0); // rejected
        System.out.println("done");
    }

    private static String site() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + caller.getLineNumber();
    }

    private static void acquire(RateLimiter limiter, String name, int permits) {
        double slept = limiter.acquire(permits);
        System.out.println("lib rate_limiter.acquire " + name + " " + (slept > 0 ? "waited" : "acquired") + " " + permits);
        if (slept > 0) { // the time the library says it slept, which varies from run to run: not on stdout
            System.err.println("lib slept-nanos " + (long) (slept * 1e9));
        }
    }

    private static void tryAcquire(RateLimiter limiter, String name, int permits, long timeoutMs) {
        boolean acquired = limiter.tryAcquire(permits, timeoutMs, TimeUnit.MILLISECONDS);
        System.out.println("lib rate_limiter.acquire " + name + " " + (acquired ? "acquired" : "rejected") + " " + permits);
    }
}
