package com.acme.download;

import java.util.concurrent.atomic.AtomicInteger;

public class MetricsBreakerListener implements BreakerListener {
    final AtomicInteger changes = new AtomicInteger();

    @Override
    public void onStateChange(String breaker, State from, State to) {
        changes.incrementAndGet();
        DownloadApp.did("circuit_breaker.state_change", "name=" + breaker, "previous=" + from, "state=" + to);
    }

    @Override
    public void onStateChange(String breaker, String note) {
        DownloadApp.did("note", "name=" + breaker, "note=" + note);
    }
}
