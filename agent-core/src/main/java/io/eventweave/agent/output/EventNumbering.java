package io.eventweave.agent.output;

import java.util.function.LongSupplier;

/**
 * {@code event.sequence}, given on the drainer thread (this class is not thread-safe): to each event in ring order as
 * the drainer takes it, to each line a handler writes by itself, and to each event a full ring refused, as a gap.
 *
 * <p>A refused event is only counted by its thread ({@code queue_full}); nothing records where it fell. When the
 * drainer sees the count grow (every {@value #CHECK_EVERY} positions and after every drain pass), it reads how far the
 * producers have claimed: every drop it just saw was refused at a position at most that far (the count is read with
 * acquire, the tail after it), so it places those drops there, as a gap before the event at that position. The gap
 * is thus never before an event claimed before the drop, and after it by at most the positions claimed between the
 * drop and the check (a full ring lets producers claim only as fast as the drainer frees slots, so about
 * {@value #CHECK_EVERY}). Only when more than {@value #MAX_GAPS} gaps wait for their position (a long storm of drops)
 * do the later drops join the last gap, somewhat before their place.
 */
final class EventNumbering {
    /** Positions between two reads of the drop count while the drainer takes events. */
    static final int CHECK_EVERY = 64;
    /** Gaps waiting for their position; more are merged into the last. */
    private static final int MAX_GAPS = 256;

    private final LongSupplier dropsCounted;
    private final LongSupplier positionsClaimed;
    /** The next number. */
    private long next;
    /** Drops seen in the count so far, and those of them placed in the numbers. */
    private long dropsSeen;
    private long dropsPlaced;
    /** Gaps not placed yet, in position order: a ring of {@link #MAX_GAPS} (position, drops). */
    private final long[] gapPosition = new long[MAX_GAPS];
    private final long[] gapDrops = new long[MAX_GAPS];
    private int firstGap;
    private int gaps;

    /**
     * @param dropsCounted the {@code queue_full} count, read with acquire
     * @param positionsClaimed how far the producers have claimed, read with acquire after the count
     */
    EventNumbering(LongSupplier dropsCounted, LongSupplier positionsClaimed) {
        this.dropsCounted = dropsCounted;
        this.positionsClaimed = positionsClaimed;
    }

    /** The number of the event at ring {@code position}; positions come in order. */
    long event(long position) {
        if ((position & (CHECK_EVERY - 1)) == 0) {
            look();
        }
        if (gaps > 0 && gapPosition[firstGap] <= position) {
            placeUpTo(position);
        }
        return next++;
    }

    /** The number of a line a handler writes by itself. Places no drop: its counts were read just before. */
    long line() {
        return next++;
    }

    /** After a drain pass, {@code nextPosition} not taken yet: places the drops seen that fall before it. */
    void caughtUp(long nextPosition) {
        look();
        if (gaps > 0 && gapPosition[firstGap] <= nextPosition) {
            placeUpTo(nextPosition);
        }
    }

    /**
     * {@code agent.stop}'s number, once the drop count is closed: places every drop left, and counts {@code lost}
     * numbers for the positions the shutdown drain could not take.
     */
    long stop(long lost) {
        look();
        placeUpTo(Long.MAX_VALUE);
        next += lost;
        return next;
    }

    /** {@code queue_full} drops placed in the numbers so far: what a line with counts reports. */
    long dropsPlaced() {
        return dropsPlaced;
    }

    private void look() {
        long counted = dropsCounted.getAsLong();
        if (counted == dropsSeen) {
            return;
        }
        long position = positionsClaimed.getAsLong();
        long drops = counted - dropsSeen;
        dropsSeen = counted;
        if (gaps == MAX_GAPS) {
            gapDrops[(firstGap + gaps - 1) % MAX_GAPS] += drops; // a storm: placed with the latest gap
            return;
        }
        int slot = (firstGap + gaps) % MAX_GAPS;
        gapPosition[slot] = position;
        gapDrops[slot] = drops;
        gaps++;
    }

    private void placeUpTo(long position) {
        while (gaps > 0 && gapPosition[firstGap] <= position) {
            next += gapDrops[firstGap];
            dropsPlaced += gapDrops[firstGap];
            firstGap = (firstGap + 1) % MAX_GAPS;
            gaps--;
        }
    }
}
