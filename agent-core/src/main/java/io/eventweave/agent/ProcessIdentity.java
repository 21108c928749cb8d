package io.eventweave.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** pid, host name and the run id ({@code service.instance.id}, new at every JVM start). */
final class ProcessIdentity {
    private final long pid;
    private final String hostName;
    private final String instanceId;

    private ProcessIdentity(long pid, String hostName, String instanceId) {
        this.pid = pid;
        this.hostName = hostName;
        this.instanceId = instanceId;
    }

    static ProcessIdentity current() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new ProcessIdentity(currentPid(), lookUpHostName(), new UUID(msb, lsb).toString());
    }

    /**
     * From {@code /proc/self} (a link named after the pid) on Linux; {@link ProcessHandle} elsewhere. The JDK's
     * {@code ProcessHandleImpl} starts with its reaper thread pool and its lambdas, while the app starts.
     */
    private static long currentPid() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.isSymbolicLink(self)) {
                return Long.parseLong(Files.readSymbolicLink(self).toString());
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        return ProcessHandle.current().pid();
    }

    /** Without a DNS look-up where possible: the kernel's name, then $HOSTNAME, then the JDK. */
    private static String lookUpHostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env == null || env.isBlank()) {
            env = System.getenv("COMPUTERNAME");
        }
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    long pid() {
        return pid;
    }

    String hostName() {
        return hostName;
    }

    String instanceId() {
        return instanceId;
    }
}
