package io.eventweave.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar eventweave-agent.jar <command> [args]}: the commands that read what the agent wrote. Exit status:
 * 0 done, 1 a finding (an objective missed, an integrity problem), 2 a usage error (one line on stderr saying what).
 */
public final class Cli {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("tail", "watch");

    static {
        for (Command c : List.<Command>of(new WatchCommand(), new QueryCommand(), new SummaryCommand(), new StateCommand(false),
                new StateCommand(true), new CheckCommand(), new ExportCommand(),
                new ReplayCommand(), new ReportCommand(), new AttachCommand(false), new AttachCommand(true))) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Cli() {
    }

    /** Whether {@code name} is one of the commands (or an alias), so that the jar's main hands it here. */
    public static boolean isCommand(String name) {
        return COMMANDS.containsKey(name) || ALIASES.containsKey(name);
    }

    /** Runs and exits with the command's status. */
    public static void main(String[] args) {
        System.exit(run(args, Terminal.system()));
    }

    public static int run(String[] args, Terminal terminal) {
        if (args.length == 0) {
            terminal.err.println("eventweave: give a command; commands:");
            list(terminal);
            return 2;
        }
        String name = ALIASES.getOrDefault(args[0], args[0]);
        Command command = COMMANDS.get(name);
        if (command == null) {
            terminal.err.println("eventweave: unknown command '" + args[0] + "'; commands:");
            list(terminal);
            return 2;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--help") || args[i].equals("-h")) {
                terminal.out.print(command.help());
                return 0;
            }
        }
        try {
            return command.run(args, 1, terminal);
        } catch (UsageException e) {
            terminal.err.println("eventweave " + e.getMessage());
            return 2;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            terminal.err.println("eventweave " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            terminal.err.println("eventweave " + name + ": failed: " + e);
            return 2;
        }
    }

    private static void list(Terminal terminal) {
        terminal.err.print(commandList());
    }

    /** The command list, one line each, for the jar's {@code --help}. */
    public static String commandList() {
        StringBuilder s = new StringBuilder();
        for (Command c : COMMANDS.values()) {
            s.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        return s.append("  <command> --help for its options\n").toString();
    }
}
