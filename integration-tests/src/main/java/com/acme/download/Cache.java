package com.acme.download;

import java.util.HashMap;
import java.util.Map;

/** Timed with the {@code methods} short form: {@code com.acme.download.Cache#*}. */
public final class Cache {
    private final Map<String, Result> entries = new HashMap<>();

    /** One logical call through two overloads: one {@code app.method} event (the rule's calls of a name nest). */
    public Result get(String url) {
        return get(url, true);
    }

    public Result get(String url, boolean countHit) {
        Result result = entries.get(url);
        DownloadApp.did("app.method", "function=get");
        return result;
    }

    public void put(String url, Result result) {
        entries.put(url, result);
        DownloadApp.did("app.method", "function=put");
    }
}
