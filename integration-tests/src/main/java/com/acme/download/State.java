package com.acme.download;

/** The application's own breaker states, spelled its own way (the rules map them to the schema's words). */
public enum State {
    Closed, Open, HalfOpen
}
