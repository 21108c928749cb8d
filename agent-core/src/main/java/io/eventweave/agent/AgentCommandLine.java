package io.eventweave.agent;

import io.eventweave.agent.config.AgentSettings;
import io.eventweave.agent.config.Setting;
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
    }
}
