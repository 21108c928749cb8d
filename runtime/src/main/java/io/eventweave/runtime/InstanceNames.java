package io.eventweave.runtime;

/**
 * Names for library objects that have none (Guava's {@code RateLimiter}, Failsafe policies, Bucket4j buckets): the
 * place in the application's code that created the object, {@code File.java:line} — stable across runs and readable —
 * or, when no frame of the application can be found, {@code Type@identityHash}. Recorded once per object, when the
 * library's factory returns; looked up when it emits.
 */
public final class InstanceNames {
    private static final WeakIdentityMap<String> NAMES = new WeakIdentityMap<>();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private InstanceNames() {
    }

    /** Records the allocation site of {@code instance}: the first frame outside {@code libraryPrefix} and this runtime. */
    public static void created(Object instance, String libraryPrefix) {
        if (instance == null || NAMES.get(instance) != null) {
            return;
        }
        String site = callSite(libraryPrefix);
        NAMES.putIfAbsent(instance, site != null ? site : fallback(instance));
    }

    /**
     * {@code File.java:line} of the first frame of the application: outside {@code libraryPrefix}, this runtime and
     * the JDK (reflection frames, when the application calls the library reflectively), or null.
     */
    public static String callSite(String libraryPrefix) {
        return WALKER.walk(frames -> frames
                .filter(f -> !isSkipped(f.getClassName(), libraryPrefix))
                .findFirst()
                .filter(f -> f.getFileName() != null && f.getLineNumber() > 0)
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse(null));
    }

    private static boolean isSkipped(String className, String libraryPrefix) {
        return className.startsWith(libraryPrefix) || className.startsWith("io.eventweave.runtime.")
                || className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.");
    }

    /**
     * The recorded name, or {@code Type@identityHash} for an object created before the agent was attached — built
     * once and remembered, so an emit allocates nothing after the first.
     */
    public static String of(Object instance) {
        String name = NAMES.get(instance);
        if (name != null) {
            return name;
        }
        String fallback = fallback(instance);
        String raced = NAMES.putIfAbsent(instance, fallback);
        return raced != null ? raced : fallback;
    }

    private static String fallback(Object instance) {
        return instance.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(instance));
    }
}
