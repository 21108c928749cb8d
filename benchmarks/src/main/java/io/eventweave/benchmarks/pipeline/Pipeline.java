package io.eventweave.benchmarks.pipeline;

/**
 * One contender of the process-level runs (B2 throughput, B3/B4 response time and allocation): hands the values of one
 * {@code http.client.request} event to an asynchronous pipeline that writes it as a JSON line to a file. Each run is a
 * separate JVM with exactly one contender in it (see {@link #create}).
 */
interface Pipeline {
    /** Hands over one event (ours reads the clock for its start, as an instrumentation's advice does). */
    void emit();

    /**
     * Whether {@code events} more can be handed over without the pipeline refusing (ours drops when full) or blocking
     * (Log4j2 waits); B2's producers pause while this is false, so every event is written.
     */
    boolean hasRoomFor(int events);

    /** Waits until the pipeline's queue is empty (between warm-up and measurement). */
    void awaitIdle();

    /** Waits until every event handed over so far is written and the file is flushed; the pipeline is done. */
    void close();

    /**
     * {@code eventweave} (needs the agent), {@code log4j2} (needs the Log4j2 jars and configuration), {@code none};
     * {@code eventweave:<policy kind>} (B8, needs the agent) writes that kind instead ({@link PolicyEventPipeline}).
     */
    static Pipeline create(String name) {
        if (name.startsWith("eventweave:")) {
            return new PolicyEventPipeline(name.substring("eventweave:".length()));
        }
        switch (name) {
            case "eventweave":
                return new EventweavePipeline();
            case "log4j2":
                return new Log4j2Pipeline();
            case "none":
                return new NoPipeline();
            default:
                throw new IllegalArgumentException("unknown contender '" + name + "' (eventweave, log4j2, none)");
        }
    }
}
