package com.acme.download;

import java.util.List;

/** Tries adapters tier by tier; each {@code tryAdapter} after the first is a fallback, triggered by the last failure. */
public final class FallbackOrchestrator {
    private final List<String> adapters;

    public FallbackOrchestrator(List<String> adapters) {
        this.adapters = adapters;
    }

    public String resolve(String doi) {
        Throwable last = null;
        for (int tier = 0; tier < adapters.size(); tier++) {
            try {
                return tryAdapter(tier, adapters.get(tier), last);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw new IllegalStateException("every adapter failed for " + doi);
    }

    public String tryAdapter(int tier, String adapter, Throwable cause) {
        boolean fails = adapter.startsWith("broken");
        DownloadApp.did("fallback.invoke", "name=" + adapter, "tier=" + tier,
                "error=" + (cause == null ? "" : cause.getClass().getName()),
                "outcome=" + (fails ? "failure" : "success"));
        if (fails) {
            throw new IllegalStateException(adapter + " failed");
        }
        return adapter + ":ok";
    }
}
