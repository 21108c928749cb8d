package com.acme.download;

/** The application's own breaker listener: two implementations, matched by one rule with {@code subtypes}. */
public interface BreakerListener {
    void onStateChange(String breaker, State from, State to);

    /** An overload the rule's {@code parameters} leave out. */
    void onStateChange(String breaker, String note);
}
