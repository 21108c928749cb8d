package com.acme.download;

public final class RateLimitedException extends RuntimeException {
    public RateLimitedException(String message) {
        super(message);
    }
}
