package io.eventweave.cli;

import java.util.List;
import java.util.Map;

/**
 * {@code java -jar eventweave-agent.jar <command> [args]}: the commands that read what the agent wrote. Exit status:
 * 0 done, 1 a finding (an objective missed, an integrity problem), 2 a usage error (one line on stderr saying what).
 */
public final class Cli {
    /** The commands' names, in the order the help lists them. */
    static final List<String> NAMES = List.of("watch", "query", "summary", "state", "timeline", "check", "export",
            "replay", "report", "attach", "list");
    private static final Map<String, String> ALIASES = Map.of("tail", "watch");

    private Cli() {
    }

    /** Whether {@code name} is one of the commands (or an alias), so that the jar's main hands it here. */
    public static boolean isCommand(String name) {
        return NAMES.contains(name) || ALIASES.containsKey(name);
    }

    /**
     * The command named {@code name}, or null. Only that command's class is loaded: loading all eleven first (with
     * what their verification pulls in) took 10 ms of every run, and of the first JVM's way to the batch JVM.
     */
    static Command command(String name) {
        switch (name) {
            case "watch":
                return new WatchCommand();
            case "query":
                return new QueryCommand();
            case "summary":
                return new SummaryCommand();
            case "state":
                return new StateCommand(false);
            case "timeline":
                return new StateCommand(true);
            case "check":
                return new CheckCommand();
            case "export":
                return new ExportCommand();
            case "replay":
                return new ReplayCommand();
            case "report":
                return new ReportCommand();
            case "attach":
                return new AttachCommand(false);
            case "list":
                return new AttachCommand(true);
            default:
                return null;
        }
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
        Command command = command(name);
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
        for (String name : NAMES) {
            s.append(String.format("  %-10s %s%n", name, command(name).summary()));
        }
        return s.append("  <command> --help for its options\n").toString();
    }
}
