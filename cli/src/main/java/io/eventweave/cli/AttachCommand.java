package io.eventweave.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code attach PID [key=value ...]} loads this jar as an agent into a JVM that is already running, through the JDK's
 * Attach API ({@code com.sun.tools.attach}, module {@code jdk.attach}; the Elastic agent's
 * {@code apm-agent-attach-cli} is the anchor): its {@code agentmain} starts the agent, and the classes the
 * instrumentations want that are loaded already are retransformed, so events flow without a restart. {@code list}
 * (this class with {@code listing}) shows the JVMs one could attach to. The Attach API is reached by reflection from
 * the system class loader: this class is loaded by the agent's own loader, whose parent is the platform loader.
 */
final class AttachCommand implements Command {
    /** Where the jar's {@code main} put its own path ({@code AgentPremain.JAR_PROPERTY}). */
    static final String JAR_PROPERTY = "eventweave.cli.agent.jar";

    private final boolean listing;

    AttachCommand(boolean listing) {
        this.listing = listing;
    }

    @Override
    public String name() {
        return listing ? "list" : "attach";
    }

    @Override
    public String summary() {
        return listing ? "the running JVMs one could attach to (pid, main class or jar)"
                : "load the agent into a running JVM (attach PID [key=value ...]): no restart";
    }

    @Override
    public String help() {
        return listing
                ? "Usage: list\n\nThe JVMs of this user on this machine that the Attach API sees: pid and what they run.\n"
                : "Usage: attach PID [key=value ...]\n"
                        + "\n"
                        + "Loads this jar as an agent into the running JVM PID (the Attach API; the same user, a JDK,\n"
                        + "not started with -XX:+DisableAttachMechanism). Settings are the agent's (java -jar\n"
                        + "eventweave-agent.jar --help), given as key=value: attach 4711 output.path=/tmp/e-%p.jsonl\n"
                        + "service.name=checkout. Classes already loaded that an instrumentation wants are\n"
                        + "retransformed: events start flowing without a restart. Attaching again is harmless (the\n"
                        + "agent says on the JVM's stderr that it is there already).\n";
    }

    @Override
    public int run(String[] argv, int from, Terminal terminal) throws Exception {
        Args args = Args.parse(name(), argv, from, Set.of(), Set.of());
        Class<?> vm = attachApi(terminal);
        if (listing) {
            if (!args.positional().isEmpty()) {
                throw new UsageException("list: takes no argument");
            }
            List<?> descriptors = (List<?>) vm.getMethod("list").invoke(null);
            Class<?> descriptor = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor", true,
                    ClassLoader.getSystemClassLoader());
            Method id = descriptor.getMethod("id");
            Method display = descriptor.getMethod("displayName");
            long self = ProcessHandle.current().pid();
            for (Object d : descriptors) {
                String pid = (String) id.invoke(d);
                if (!pid.equals(Long.toString(self))) {
                    terminal.out.printf("%-8s %s%n", pid, display.invoke(d));
                }
            }
            return 0;
        }
        if (args.positional().isEmpty() || !args.positional().get(0).matches("\\d+")) {
            throw new UsageException("attach: give the pid of a running JVM (java -jar eventweave-agent.jar list)");
        }
        String pid = args.positional().get(0);
        StringBuilder options = new StringBuilder();
        for (String setting : args.positional().subList(1, args.positional().size())) {
            if (setting.indexOf('=') <= 0 || setting.indexOf(';') >= 0) {
                throw new UsageException("attach: settings are key=value (no ';'), not '" + setting + "'");
            }
            options.append(options.length() == 0 ? "" : ";").append(setting);
        }
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new UsageException("attach: run it as java -jar eventweave-agent.jar attach ... (the agent jar "
                    + "is what gets loaded)");
        }
        Object machine;
        try {
            machine = vm.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            terminal.err.println("eventweave attach: cannot attach to JVM " + pid + ": " + reason(e.getCause()));
            return 1;
        }
        try {
            vm.getMethod("loadAgent", String.class, String.class).invoke(machine, jar,
                    options.length() == 0 ? null : options.toString());
            terminal.out.println("eventweave attached to JVM " + pid + (options.length() == 0 ? ""
                    : " with " + options) + "; its stderr says where the events go");
            return 0;
        } catch (InvocationTargetException e) {
            terminal.err.println("eventweave attach: JVM " + pid + " did not load the agent: " + reason(e.getCause()));
            return 1;
        } finally {
            vm.getMethod("detach").invoke(machine);
        }
    }

    private static Class<?> attachApi(Terminal terminal) throws UsageException {
        try {
            return Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException("attach and list need a JDK with the jdk.attach module (this Java is "
                    + System.getProperty("java.home") + ")");
        }
    }

    private static String reason(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
