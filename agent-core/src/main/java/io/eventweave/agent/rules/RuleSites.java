package io.eventweave.agent.rules;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rule site woven so far, by number: written by the weaver (on the thread that loads a class), read by the
 * drainer for each rule event. Sites are only added; the drainer reads the array through a volatile field, and a
 * site's number is in the slot only after the woven class ran, so it always finds its site.
 */
public final class RuleSites {
    private static final Object LOCK = new Object();
    private static volatile RuleSite[] sites = new RuleSite[0];
    /** The rules that matched at least one method (woven, or skipped with a line), for the end-of-run line. */
    private static final Set<Rule> MATCHED = Collections.newSetFromMap(new ConcurrentHashMap<>());

    private RuleSites() {
    }

    /** Numbers {@code site}. */
    static int add(RuleSite site) {
        synchronized (LOCK) {
            RuleSite[] next = Arrays.copyOf(sites, sites.length + 1);
            next[next.length - 1] = site;
            sites = next;
            return next.length - 1;
        }
    }

    /** By rule and method name: the number its calls nest by ({@link #nestingKey}). */
    private static final java.util.Map<String, Integer> NESTING = new java.util.HashMap<>();

    /**
     * The number the calls of {@code rule}'s methods named {@code method} nest by: an overload that calls another,
     * or an override that calls {@code super}, is one call, one event; methods of other names are each their own.
     */
    static int nestingKey(Rule rule, String method) {
        synchronized (LOCK) {
            return NESTING.computeIfAbsent(rule.label + "#" + method, k -> NESTING.size());
        }
    }

    /** {@code rule} matched a method of a loaded class (whether or not it could be woven there). */
    static void matched(Rule rule) {
        MATCHED.add(rule);
    }

    /** The site of that number, or null for a number never given (a slot not written by a rule). */
    public static RuleSite get(int number) {
        RuleSite[] all = sites;
        return number >= 0 && number < all.length ? all[number] : null;
    }

    /** Names, once, each of {@code rules} that matched no method of a loaded class: said at the end of a run. */
    public static void reportUnmatched(List<Rule> rules, PrintStream err) {
        for (Rule rule : rules) {
            if (!MATCHED.contains(rule)) {
                err.println("eventweave: " + rule.describe() + " matched no method of a loaded class in this run");
            }
        }
    }
}
