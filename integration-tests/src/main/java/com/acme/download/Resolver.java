package com.acme.download;

/** Timed by name: {@code com.acme.download.Resolver#resolve,normalize}; {@code ignored} is not named. */
public final class Resolver {
    /** Says what it did as it returns, as the event is written when the method ends (after normalize's). */
    public String resolve(String doi) {
        if (doi.isBlank()) {
            DownloadApp.did("app.method", "function=resolve");
            throw new IllegalArgumentException("no DOI");
        }
        String url = normalize("https://doi.org/" + doi);
        DownloadApp.did("app.method", "function=resolve");
        return url;
    }

    public String normalize(String url) {
        DownloadApp.did("app.method", "function=normalize");
        return url.toLowerCase();
    }

    public String ignored(String url) {
        return url;
    }
}
