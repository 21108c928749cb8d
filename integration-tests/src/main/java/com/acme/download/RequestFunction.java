package com.acme.download;

import java.io.IOException;

/** The application's own retrying request function: {@code attempt} fails until the given attempt succeeds. */
public final class RequestFunction {
    public String requestWithRetries(String url, int succeedOn, int maxAttempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(url, attempt, succeedOn);
            } catch (IOException e) {
                if (attempt == maxAttempts) {
                    throw new IllegalStateException("gave up on " + url, e);
                }
            }
        }
    }

    public String attempt(String url, int attempt, int succeedOn) throws IOException {
        boolean fails = attempt < succeedOn;
        DownloadApp.did("retry.attempt", "attempt=" + attempt, "result=" + (fails ? "will_retry" : "succeeded"));
        if (fails) {
            throw new IOException("HTTP 503 from " + url);
        }
        return "200 " + url;
    }
}
