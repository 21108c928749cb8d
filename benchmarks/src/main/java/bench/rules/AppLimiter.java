package bench.rules;

/**
 * An application's own limiter for {@code io.eventweave.benchmarks.RuleWovenBenchmark}: outside {@code io.eventweave},
 * which the agent never weaves. A rule turns {@link #acquire} into {@code rate_limiter.acquire} with three values read
 * from it: the name (a string argument), the state (an enum read through an accessor of the argument) and the wait
 * (the long it returns, in milliseconds).
 */
public final class AppLimiter {
    /** The application's own state. */
    public enum Mode {
        OPEN, THROTTLED
    }

    /** What the caller passes: a record, read by a rule through its accessor. */
    public record Ticket(String name, Mode mode) {
    }

    private long calls;

    public long acquire(Ticket ticket) {
        return (++calls & 1) == 0 ? 0 : ticket.mode() == Mode.THROTTLED ? 5 : 1;
    }
}
