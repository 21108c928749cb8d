package io.eventweave.premain;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;

/**
 * Entry point of {@code -javaagent:eventweave-agent.jar}, dynamic attach and {@code java -jar}. It uses the JDK alone
 * and does as little as possible before it knows the agent should run: the {@code enabled} switch and the JDK-tool
 * check come first, so that a disabled agent loads nothing of ours beyond this class.
 *
 * <p>The jar is on the bootstrap class path (where {@code io.eventweave.runtime} lives, reachable from every class
 * loader) through its {@code Boot-Class-Path} manifest entry, which the JVM applies while it loads the agent; if the
 * jar was renamed that entry misses and the jar is appended here instead (the JVM then warns that class data
 * sharing is limited to boot classes). Then it starts the agent core inside an {@link AgentClassLoader}. It never lets a throwable
 * reach the application: when the agent cannot work it says so in one line and steps aside.
 */
public final class AgentPremain {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final String INSTALLER = "io.eventweave.agent.AgentInstaller";
    /** The jar's name in its manifest's {@code Boot-Class-Path} (the root pom's agent-jar step; AgentJarIT checks it). */
    static final String BOOT_JAR_NAME = "eventweave-agent.jar";

    /** Set by {@link #main}: this jar's path, for the command line. */
    public static final String JAR_PROPERTY = "eventweave.cli.agent.jar";

    private AgentPremain() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true);
    }

    /** {@code java -jar eventweave-agent.jar --version | --help}. */
    public static void main(String[] args) throws Throwable {
        File jar = agentJar();
        // for the command line's attach: the jar to load into another JVM is this one
        System.setProperty(JAR_PROPERTY, jar.getAbsolutePath());
        ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader(), true);
        Method main = loader.loadClass("io.eventweave.agent.AgentCommandLine").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void start(String agentArgs, Instrumentation inst, boolean dynamic) {
        long premainNanos = System.nanoTime();
        try {
            if (!enabled(agentArgs)) {
                return;
            }
            String tool = jdkTool();
            if (tool != null) {
                return; // jps, jcmd, keytool... started with JAVA_TOOL_OPTIONS: not an application
            }
            if (!STARTED.compareAndSet(false, true)) {
                System.err.println("eventweave: agent already attached to this JVM; ignoring the second -javaagent");
                return;
            }
            File jar = agentJar();
            if (!runtimeOnBootClassPath()) {
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            if (AgentPremain.class.getClassLoader() != null) {
                // A renamed jar: this class came from the system class loader, and the rest of this package would now
                // come from the bootstrap loader, a different runtime package (a nested class of AgentClassLoader
                // then fails with IllegalAccessError). The bootstrap loader's copy of this class goes on.
                Class.forName(AgentPremain.class.getName(), true, null)
                        .getMethod("startCore", String.class, Instrumentation.class, File.class, boolean.class,
                                long.class)
                        .invoke(null, agentArgs, inst, jar, dynamic, premainNanos);
                return;
            }
            startCore(agentArgs, inst, jar, dynamic, premainNanos);
        } catch (Throwable t) {
            Throwable cause = t;
            while (cause instanceof InvocationTargetException && cause.getCause() != null) {
                cause = cause.getCause(); // two levels when a renamed jar went on in the bootstrap loader's copy
            }
            System.err.println("eventweave: agent disabled, the application runs without it: " + cause);
        }
    }

    /**
     * The agent core in an {@link AgentClassLoader}; called on the bootstrap loader's copy of this class, where the
     * whole {@code io.eventweave.premain} package is one runtime package. Public for that call only.
     */
    public static void startCore(String agentArgs, Instrumentation inst, File jar, boolean dynamic,
            long premainNanos) throws Exception {
        ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader(), false);
        Method install = loader.loadClass(INSTALLER)
                .getMethod("install", String.class, Instrumentation.class, File.class, boolean.class, long.class);
        install.invoke(null, agentArgs, inst, jar, dynamic, premainNanos);
    }

    /**
     * {@code enabled} from the agent arguments, {@code -Deventweave.enabled} or {@code EVENTWEAVE_ENABLED}, in that
     * order; anything but {@code false} (any case) leaves the agent on. The configuration file is read later by the
     * agent core, which steps aside itself when the file says {@code enabled=false}.
     */
    static boolean enabled(String agentArgs) {
        if (agentArgs != null) {
            for (String part : agentArgs.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    if (key.equals("enabled") || key.equals("eventweave.enabled")) {
                        return !isFalse(part.substring(eq + 1));
                    }
                }
            }
        }
        String property = System.getProperty("eventweave.enabled");
        if (property != null) {
            return !isFalse(property);
        }
        String env = System.getenv("EVENTWEAVE_ENABLED");
        return env == null || !isFalse(env);
    }

    private static boolean isFalse(String value) {
        return value.trim().equalsIgnoreCase("false");
    }

    /**
     * The JDK tool this JVM runs, or null for an application. Tools are launched from a JDK module
     * ({@code jdk.module.main} is {@code java.base}, {@code jdk.jcmd}, {@code jdk.compiler}, ...).
     */
    static String jdkTool() {
        String module = System.getProperty("jdk.module.main");
        if (module != null && (module.startsWith("jdk.") || module.startsWith("java."))) {
            return module;
        }
        return null;
    }

    private static boolean runtimeOnBootClassPath() {
        try {
            Class.forName("io.eventweave.runtime.Emit", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The agent jar. This class may have been loaded by the bootstrap loader, which gives it no code source. Then it
     * came from the jar the manifest's {@code Boot-Class-Path} names, {@link #BOOT_JAR_NAME}, and that is the
     * {@code -javaagent} jar of that name on the command line ({@code /proc/self/cmdline} on Linux). Otherwise (a
     * renamed jar, the agent given in {@code JAVA_TOOL_OPTIONS}, no {@code /proc}): the URL of this class file
     * ({@code jar:file:/.../eventweave-agent.jar!/...}), a look-up that costs about 13 ms in {@code premain} (it
     * sets up the JDK's {@code jar:} URL machinery for the bootstrap class path).
     */
    static File agentJar() throws Exception {
        if (AgentPremain.class.getClassLoader() == null) {
            File onCommandLine = agentJarOnCommandLine();
            if (onCommandLine != null) {
                return onCommandLine;
            }
        }
        URL self = AgentPremain.class.getResource("AgentPremain.class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            throw new IllegalStateException("eventweave must run from its jar, not from " + self);
        }
        String spec = self.getFile();
        return new File(new URI(spec.substring(0, spec.indexOf("!/"))));
    }

    /** The first {@code -javaagent:<path>[=<args>]} of this JVM's command line whose file is {@link #BOOT_JAR_NAME}. */
    static File agentJarOnCommandLine() {
        File cmdline = new File("/proc/self/cmdline");
        if (!cmdline.isFile()) {
            return null;
        }
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(cmdline)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        return javaAgentNamed(new String(bytes).split("\0"), BOOT_JAR_NAME);
    }

    /** The first of {@code args} that is {@code -javaagent:<path>[=<args>]} with a file named {@code name}. */
    static File javaAgentNamed(String[] args, String name) {
        for (String arg : args) {
            if (!arg.startsWith("-javaagent:")) {
                continue;
            }
            String path = arg.substring("-javaagent:".length());
            int eq = path.indexOf('=');
            File jar = new File(eq < 0 ? path : path.substring(0, eq)).getAbsoluteFile();
            if (jar.getName().equals(name) && jar.isFile()) {
                return jar;
            }
        }
        return null;
    }
}
