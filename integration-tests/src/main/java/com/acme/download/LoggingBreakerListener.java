package com.acme.download;

public final class LoggingBreakerListener implements BreakerListener {
    @Override
    public void onStateChange(String breaker, State from, State to) {
        DownloadApp.did("circuit_breaker.state_change", "name=" + breaker, "previous=" + from, "state=" + to);
    }

    @Override
    public void onStateChange(String breaker, String note) {
        DownloadApp.did("note", "name=" + breaker, "note=" + note);
    }
}
