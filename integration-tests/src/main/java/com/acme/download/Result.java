package com.acme.download;

/** What a download gave: a record, read by accessor ({@code return.size}, {@code return.fromCache}). */
public record Result(String url, long size, boolean fromCache) {
}
