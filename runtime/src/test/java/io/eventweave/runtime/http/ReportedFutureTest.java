package io.eventweave.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ReportedFutureTest {
    @Test
    void completesWithTheRequestsValueAfterTheCallbackRan() {
        CompletableFuture<String> request = new CompletableFuture<>();
        List<String> order = new ArrayList<>();
        CompletableFuture<String> app = ReportedFuture.after(request, (v, t) -> order.add("callback " + v));
        app.thenAccept(v -> order.add("app " + v));
        request.complete("200");
        assertEquals("200", app.join());
        assertEquals(List.of("callback 200", "app 200"), order);
    }

    @Test
    void failsAsTheRequestDoesEvenWhenTheCallbackThrows() {
        CompletableFuture<String> request = new CompletableFuture<>();
        CompletableFuture<String> app = ReportedFuture.after(request, (v, t) -> {
            throw new IllegalStateException("callback bug");
        });
        IOException refused = new IOException("refused");
        request.completeExceptionally(refused);
        CompletionException thrown = assertThrows(CompletionException.class, app::join);
        assertSame(refused, thrown.getCause());
    }

    @Test
    void cancellingTheApplicationsFutureCancelsTheRequest() {
        CompletableFuture<String> request = new CompletableFuture<>();
        CompletableFuture<String> app = ReportedFuture.after(request, (v, t) -> { });
        assertTrue(app.cancel(true));
        assertTrue(request.isCancelled() && app.isCancelled());
    }
}
