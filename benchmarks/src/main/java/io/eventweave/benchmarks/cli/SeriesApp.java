package io.eventweave.benchmarks.cli;

import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * B12's application: HTTP client calls to {@code <hosts>} distinct servers ({@code svc-<i>.internal}), {@code <calls>}
 * each with durations spread over 5 ms to 5 s, through the agent's own emitter, so that the agent's metrics endpoint
 * holds one {@code eventweave_http_client_request_duration_seconds} series per host. Prints {@code ready} once every
 * event is drained, then waits for a line on standard input while it is scraped. Usage: {@code SeriesApp <hosts>
 * <calls>}.
 */
public final class SeriesApp {
    private SeriesApp() {
    }

    public static void main(String[] args) throws IOException {
        int hosts = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        if (Emit.capacity() == 0) {
            throw new IllegalStateException("needs -javaagent:<eventweave-agent.jar>");
        }
        for (int c = 0; c < calls; c++) {
            for (int h = 0; h < hosts; h++) {
                while (Emit.queued() + 1 > Emit.capacity()) {
                    LockSupport.parkNanos(20_000L);
                }
                long now = System.nanoTime();
                long duration = (long) (5_000_000 * Math.pow(10, ((c * 7 + h) % 30) / 10.0));
                HttpEvents.clientRequest("series", "GET", "http", "svc-" + h + ".internal", 8080, "/items", 200, 0, null,
                        now - duration, now, null);
            }
        }
        while (Emit.queued() > 0) {
            LockSupport.parkNanos(100_000L);
        }
        HoldApp.main(args);
    }
}
