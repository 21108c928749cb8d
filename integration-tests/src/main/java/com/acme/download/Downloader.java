package com.acme.download;

public final class Downloader {
    private final Cache cache = new Cache();

    public Result fetch(Request request) {
        Result cached = cache.get(request.url);
        Result result = cached != null ? new Result(request.url, cached.size(), true)
                : new Result(request.url, request.url.length() * 100L, false);
        cache.put(request.url, result);
        DownloadApp.did("app.download", "url=" + request.url, "bytes=" + result.size(), "cached=" + result.fromCache(),
                "priority=" + request.getPriority());
        return result;
    }
}
