package io.eventweave.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} or {@code --name=value} for options that take a value, {@code --name}
 * for flags, anything else positional ({@code --} ends the options). Which names a command accepts is declared up
 * front, so that a misspelt option is a usage error naming it, not a path.
 */
public final class Args {
    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value (repeatable: {@link #all})
     * @param flags  options that take none
     */
    public static Args parse(String command, String[] args, int from, Set<String> valued, Set<String> flags)
            throws UsageException {
        Args parsed = new Args(command);
        boolean options = true;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--") && a.length() > 2) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                if (valued.contains(name)) {
                    String value;
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (flags.contains(name) && eq < 0) {
                    parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (flags.contains(name)) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                } else {
                    throw new UsageException(command + ": unknown option --" + name + " (see " + command
                            + " --help)");
                }
            } else if (options && a.startsWith("-") && a.length() > 1 && !a.equals("-")) {
                throw new UsageException(command + ": unknown option " + a + " (see " + command + " --help)");
            } else {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    public String command() {
        return command;
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The option's last value, or {@code otherwise}. */
    public String value(String name, String otherwise) {
        List<String> v = values.get(name);
        return v == null ? otherwise : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public List<String> positional() {
        return positional;
    }

    /** A whole number option at least {@code min}. */
    public long number(String name, long otherwise, long min) throws UsageException {
        String v = value(name, null);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(command + ": --" + name + " must be a whole number >= " + min + ", not '" + v + "'");
    }
}
