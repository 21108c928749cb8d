package io.eventweave.agent;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.config.Setting;
import java.io.PrintStream;

/**
 * {@code java -jar eventweave-agent.jar [--version | --help | <command> ...]}: a command (query, summary, check...)
 * goes to the command line module, {@code io.eventweave.cli.Cli}, packaged in the same jar and reached only from
 * here, by name (agent-core does not depend on it: as an agent, none of it loads).
 */
public final class AgentCommandLine {
    private static final String CLI = "io.eventweave.cli.Cli";

    private AgentCommandLine() {
    }

    public static void main(String[] args) throws Throwable {
        PrintStream out = System.out;
        String command = args.length == 0 ? "--help" : args[0];
        if (!command.startsWith("-")) {
            Class<?> cli = cli();
            if (cli != null && (Boolean) cli.getMethod("isCommand", String.class).invoke(null, command)) {
                try {
                    cli.getMethod("main", String[].class).invoke(null, (Object) args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
                return;
            }
            System.err.println("eventweave: unknown command '" + command + "'; java -jar eventweave-agent.jar --help "
                    + "lists them");
            System.exit(2);
        }
        switch (command) {
            case "--version":
            case "-v":
                out.println("eventweave-agent " + AgentVersion.get());
                break;
            case "--help":
            case "-h":
                help(out);
                break;
            default:
                System.err.println("eventweave: unknown option '" + command + "'; use --version, --help or a command");
                System.exit(2);
        }
    }

    /** The command line's entry class, or null in a jar without it (an instrumentation module's test jar). */
    private static Class<?> cli() {
        try {
            return Class.forName(CLI, true, AgentCommandLine.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void help(PrintStream out) {
        out.println("eventweave-agent " + AgentVersion.get() + ": zero-code event telemetry for the JVM");
        out.println();
        out.println("Attach:  java -javaagent:eventweave-agent.jar[=key=value;key=value] ... (or in JAVA_TOOL_OPTIONS)");
        out.println("Precedence: agent arguments > -Deventweave.<key> > EVENTWEAVE_<KEY> > config.file > default");
        out.println();
        out.println("Settings (key | environment variable | default), then what each accepts and does:");
        for (Setting<?> setting : AgentSettings.settings(AgentInstaller.switches(AgentInstaller.modules()))) {
            String def = setting.defaultText() == null ? "none" : setting.defaultText();
            out.println("  " + setting.propertyName() + "  |  " + setting.environmentName() + "  |  " + def);
            out.println("      accepts " + setting.parser().accepted());
            out.println("      " + setting.description());
        }
        out.println();
        out.println("Trace context from the environment: TRACEPARENT (W3C) or EVENTWEAVE_TRACE_ID (32 hex digits).");
        out.println("service.name falls back to OTEL_SERVICE_NAME.");
        Class<?> cli = cli();
        if (cli != null) {
            out.println();
            out.println("Commands, to read what the agent wrote: java -jar eventweave-agent.jar <command> [args]");
            try {
                out.print(cli.getMethod("commandList").invoke(null));
            } catch (ReflectiveOperationException e) {
                out.println("  (the command list is unavailable: " + e + ")");
            }
        }
    }
}
