package io.eventweave.agent.output;

/** What a handler may ask of the {@link Drainer} it runs in. */
public interface DrainerContext {
    /**
     * Numbers a line the handler writes by itself ({@code agent.file}, {@code agent.stats}): takes the next
     * {@code event.sequence}, and the drainer counts it among the events accounted for at shutdown.
     */
    long nextLineSequence();

    /** Whether the log is ending: no numbered line may be written any more except {@code agent.stop}. */
    boolean closing();
}
