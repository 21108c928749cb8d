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

    /** The non-blocking form: true when a permit was free (a rule maps the boolean to a result word). */
    public boolean tryAcquire(String host) {
        boolean free = used < permitsPerBurst;
        if (free) {
            used++;
        }
        DownloadApp.did("rate_limiter.try", "name=" + host, "result=" + (free ? "acquired" : "rejected"));
        return free;
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
