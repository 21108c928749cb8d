package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The drainer's numbering on its own, with a drop count and a claimed position the test sets. */
class EventNumberingTest {
    private long drops;
    private long claimed;
    private final EventNumbering numbering = new EventNumbering(() -> drops, () -> claimed);

    @Test
    void eventsAndLinesTakeConsecutiveNumbersFromZero() {
        claimed = 3;
        assertEquals(0, numbering.event(0), "agent.start, position 0");
        assertEquals(1, numbering.event(1));
        assertEquals(2, numbering.line(), "a handler's own line");
        assertEquals(3, numbering.event(2));
        numbering.caughtUp(3);
        assertEquals(4, numbering.stop(0), "agent.stop: the next number");
        assertEquals(0, numbering.dropsPlaced());
    }

    @Test
    void dropsBecomeAGapBeforeThePositionClaimedWhenTheyWereSeen() {
        claimed = 10;
        for (int p = 0; p < 5; p++) {
            assertEquals(p, numbering.event(p));
        }
        drops = 3;
        claimed = 8; // the producers had claimed up to position 7 when the drops were seen
        numbering.caughtUp(5);
        assertEquals(0, numbering.dropsPlaced(), "seen, not placed: positions 5-7 were claimed before");
        assertEquals(5, numbering.line(), "a line takes the next number; the gap is not before it");
        assertEquals(6, numbering.event(5));
        assertEquals(7, numbering.event(6));
        assertEquals(8, numbering.event(7));
        assertEquals(12, numbering.event(8), "numbers 9, 10, 11 are the gap of the 3 drops");
        assertEquals(3, numbering.dropsPlaced());
        assertEquals(13, numbering.event(9));
    }

    @Test
    void aGapAtTheNextPositionIsPlacedWhenTheDrainerHasCaughtUp() {
        claimed = 4;
        for (int p = 0; p < 4; p++) {
            numbering.event(p);
        }
        drops = 2;
        numbering.caughtUp(4); // nothing more claimed: every position before the drops is numbered
        assertEquals(2, numbering.dropsPlaced(), "placed now, so an agent.stats line now counts them");
        assertEquals(6, numbering.line());
    }

    @Test
    void theDropCountIsReadEveryCheckIntervalWhileTakingEvents() {
        claimed = 1000;
        for (int p = 0; p < EventNumbering.CHECK_EVERY; p++) {
            numbering.event(p);
        }
        drops = 1;
        claimed = EventNumbering.CHECK_EVERY; // as if the drop was seen by a full ring at this very position
        assertEquals(EventNumbering.CHECK_EVERY + 1, numbering.event(EventNumbering.CHECK_EVERY),
                "read at the check position and placed before it");
        assertEquals(1, numbering.dropsPlaced());
    }

    @Test
    void stopPlacesEveryDropLeftAndTheLostPositions() {
        claimed = 100;
        numbering.event(0);
        drops = 5; // seen at stop with the producers at position 100: the drainer never got there
        assertEquals(1 + 5 + 7, numbering.stop(7), "agent.start, 5 drops, 7 positions lost to the timeout");
        assertEquals(5, numbering.dropsPlaced());
    }

    @Test
    void manyGapsWaitingAreAllPlacedInOrderAndNoneIsLost() {
        claimed = 0;
        long next = 0;
        long position = 0;
        // a storm: a drop seen after every event, each at a position a ring ahead
        for (int i = 0; i < 10_000; i++) {
            claimed = position + 1024;
            long n = numbering.event(position++);
            next = n + 1;
            drops++;
            numbering.caughtUp(position);
        }
        long stop = numbering.stop(0);
        assertEquals(10_000 + 10_000, stop, "every event and every drop numbered below agent.stop");
        assertEquals(10_000, numbering.dropsPlaced());
        assertEquals(true, next <= stop);
    }
}
