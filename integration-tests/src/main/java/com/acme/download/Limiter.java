package com.acme.download;

/** The application's own rate limiter: {@code acquire} returns the milliseconds it waited, or throws when full. */
public final class Limiter {
    private final String name;
    private final int permitsPerBurst;
    private int used;

    public Limiter(String name, int permitsPerBurst) {
        this.name = name;
        this.permitsPerBurst = permitsPerBurst;
    }

    public long acquire(String host) {
        used++;
        if (used > permitsPerBurst + 1) {
            DownloadApp.did("rate_limiter.acquire", "name=" + host, "result=rejected");
            throw new RateLimitedException(name + " is full for " + host);
        }
        long waited = used > permitsPerBurst ? 20 : 0;
        if (waited > 0) {
            sleep(waited);
        }
        DownloadApp.did("rate_limiter.acquire", "name=" + host, "result=" + (waited > 0 ? "waited" : "acquired"),
                "wait_ms=" + waited);
        return waited;
    }

    public void reset() {
        used = 0;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
