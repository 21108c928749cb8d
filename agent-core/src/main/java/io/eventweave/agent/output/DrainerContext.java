package io.eventweave.agent.output;

import io.eventweave.runtime.DropReason;

/** What a handler may ask of the {@link Drainer} it runs in. */
public interface DrainerContext {
    /**
     * Numbers a line the handler writes by itself ({@code agent.file}, {@code agent.stats}): takes the next
     * {@code event.sequence}.
     */
    long nextLineSequence();

    /**
     * Events numbered so far that were lost for {@code reason}: the counts a line about the events numbered below it
     * reports ({@code queue_full}: the drops the drainer has placed in the numbers, not those it has yet to place).
     */
    long dropped(DropReason reason);

    /** Whether the log is ending: no numbered line may be written any more except {@code agent.stop}. */
    boolean closing();
}
