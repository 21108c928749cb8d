package io.eventweave.runtime;

/**
 * The result of a policy decision: {@code rate_limiter.result} (acquired, waited, rejected) and
 * {@code retry.result} (will_retry, exhausted, succeeded, ignored). One space of values, so a rate limiter's result can never be
 * read as a retry's.
 */
public enum PolicyResult {
    /** The event kind has no result. */
    NONE(null),
    ACQUIRED("acquired"),
    WAITED("waited"),
    REJECTED("rejected"),
    WILL_RETRY("will_retry"),
    EXHAUSTED("exhausted"),
    SUCCEEDED("succeeded"),
    /** A failure the retry's predicate does not retry: the call ends on it at once. */
    IGNORED("ignored");

    private final String wireName;

    PolicyResult(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
