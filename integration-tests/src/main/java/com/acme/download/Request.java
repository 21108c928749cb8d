package com.acme.download;

/** A download request: its URL as a public field (a rule reads it by path: {@code arg0.url}). */
public final class Request {
    public final String url;
    private final int priority;

    public Request(String url, int priority) {
        this.url = url;
        this.priority = priority;
    }

    public int getPriority() {
        return priority;
    }

    /** Throws for a URL ending in "broken": an accessor a rule reads may fail, and must not fail the download. */
    public String getChecksum() {
        if (url.endsWith("broken")) {
            throw new IllegalStateException("no checksum for " + url);
        }
        return "sha256:" + Integer.toHexString(url.hashCode());
    }
}
