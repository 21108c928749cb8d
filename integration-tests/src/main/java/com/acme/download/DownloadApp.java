package com.acme.download;

import java.util.List;

/**
 * A downloader with its own resilience code and no resilience library, as the DocsToKG design had it: a limiter, a
 * breaker listener (two implementations), a fallback chain tried tier by tier, a retrying request function, a
 * downloader and a cache. It prints one {@code DID} line per thing it did ({@code DID <kind> key=value ...}): the
 * record the events are compared with. Outside {@code io.eventweave}, since the agent never weaves its own packages.
 */
public final class DownloadApp {
    private DownloadApp() {
    }

    /** Prints what the application did, as {@code DID <kind> key=value ...}. */
    static void did(String kind, String... fields) {
        StringBuilder line = new StringBuilder("DID ").append(kind);
        for (String field : fields) {
            line.append(' ').append(field);
        }
        System.out.println(line);
    }

    public static void main(String[] args) {
        Limiter limiter = new Limiter("pdf", 2);
        for (int i = 0; i < 4; i++) {
            try {
                limiter.acquire("files.acme.test");
            } catch (RateLimitedException e) {
                System.out.println("rejected: " + e.getMessage());
            }
        }

        Limiter docs = new Limiter("docs", 1);
        docs.tryAcquire("docs.acme.test");
        docs.tryAcquire("docs.acme.test");

        BreakerListener logging = new LoggingBreakerListener();
        BreakerListener metrics = new MetricsBreakerListener();
        logging.onStateChange("downloads", State.Closed, State.Open);
        metrics.onStateChange("downloads", State.Open, State.HalfOpen);
        logging.onStateChange("downloads", "probing");
        metrics.onStateChange("downloads", State.HalfOpen, State.Closed);

        FallbackOrchestrator orchestrator = new FallbackOrchestrator(List.of("broken-crossref", "broken-unpaywall",
                "arxiv"));
        System.out.println("resolved: " + orchestrator.resolve("10.1000/xyz"));

        RequestFunction request = new RequestFunction();
        System.out.println("response: " + request.requestWithRetries("https://api.acme.test/works", 3, 5));

        Downloader downloader = new Downloader();
        System.out.println("fetched: " + downloader.fetch(new Request("https://files.acme.test/a.pdf", 2)));
        System.out.println("fetched: " + downloader.fetch(new Request("https://files.acme.test/a.pdf", 2)));
        System.out.println("fetched: " + downloader.fetch(new Request("https://files.acme.test/broken", 1)));

        HttpGateway gateway = new HttpGateway();
        gateway.send("get", java.net.URI.create("https://user:secret@api.acme.test:8443/works/1?key=abc"));
        gateway.send("HEAD", java.net.URI.create("http://api.acme.test:8080/works/missing"));

        Resolver resolver = new Resolver();
        System.out.println("resolved: " + resolver.resolve("10.1000/ABC"));
        System.out.println("ignored: " + resolver.ignored("x"));
        try {
            resolver.resolve(" ");
        } catch (IllegalArgumentException e) {
            System.out.println("not resolved: " + e.getMessage());
        }
    }
}
