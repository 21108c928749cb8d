package io.eventweave.cli.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts a line must hold for a filter to match it, as the agent's lines are written: what lets {@code query}
 * skip a line by searching its bytes, without parsing it. Only characters every JSON writer leaves as they are count
 * (printable ASCII but the quote, the backslash and the slash, which a writer may escape as {@code \/}); a text with
 * others gives its longest run of these.
 */
final class Needles {
    /** Shorter texts are found too often to save anything. */
    static final int SHORTEST = 3;

    private Needles() {
    }

    /** Texts every line {@code condition} matches holds (all of them), longest first. */
    static List<String> of(Condition condition) {
        List<String> needles = new ArrayList<>();
        collect(condition, needles);
        needles.removeIf(n -> n == null || n.length() < SHORTEST);
        needles.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return needles;
    }

    private static void collect(Condition condition, List<String> needles) {
        if (condition instanceof Condition.And and) {
            collect(and.left(), needles);
            collect(and.right(), needles);
        } else if (condition instanceof Condition.Compare compare && compare.operator() == Condition.Operator.EQ) {
            needles.add(compare.literal().needle());
        } else if (condition instanceof Condition.Like like && !like.negated()) {
            String longest = null;
            for (String part : like.parts()) {
                String run = safeRun(part);
                if (run != null && (longest == null || run.length() > longest.length())) {
                    longest = run;
                }
            }
            needles.add(longest);
        } else if (condition instanceof Condition.Contains contains && !contains.negated()) {
            needles.add(safeRun(contains.part()));
        }
        // OR, NOT, IN, EXISTS, orderings: no one text is sure to be there
    }

    static boolean isSafe(char c) {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '/';
    }

    static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSafe(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** The longest run of safe characters in {@code text}, or null. */
    static String safeRun(String text) {
        int best = 0;
        int bestStart = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || !isSafe(text.charAt(i))) {
                if (i - start > best) {
                    best = i - start;
                    bestStart = start;
                }
                start = i + 1;
            }
        }
        return best == 0 ? null : text.substring(bestStart, bestStart + best);
    }
}
