package io.eventweave.agent;

import io.eventweave.agent.config.ConfigOption;
import java.io.PrintStream;

/** {@code java -jar eventweave-agent.jar [--version | --help]}. */
public final class AgentCommandLine {
    private AgentCommandLine() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        String command = args.length == 0 ? "--help" : args[0];
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
                System.err.println("eventweave: unknown option '" + command + "'; use --version or --help");
                System.exit(2);
        }
    }

    private static void help(PrintStream out) {
        out.println("eventweave-agent " + AgentVersion.get() + ": zero-code event telemetry for the JVM");
        out.println();
        out.println("Attach:  java -javaagent:eventweave-agent.jar[=key=value;key=value] ... (or in JAVA_TOOL_OPTIONS)");
        out.println("Precedence: agent arguments > -Deventweave.<key> > EVENTWEAVE_<KEY> > config.file > default");
        out.println();
        out.println("Settings (key | environment variable | default):");
        for (ConfigOption option : ConfigOption.ALL) {
            String def = option.defaultValue() == null ? "(see description)" : option.defaultValue();
            out.println("  " + option.propertyName() + "  |  " + option.environmentName() + "  |  " + def);
            out.println("      " + option.description());
        }
        out.println();
        out.println("Trace context from the environment: TRACEPARENT (W3C) or EVENTWEAVE_TRACE_ID (32 hex digits).");
        out.println("service.name falls back to OTEL_SERVICE_NAME.");
    }
}
