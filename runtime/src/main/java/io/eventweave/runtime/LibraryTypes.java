package io.eventweave.runtime;

/**
 * Looks at an instrumented library's types from the runtime, which cannot name them (it is on the bootstrap class
 * path): a library object's interface found by name, for a {@link java.lang.reflect.Proxy} of it or a method handle
 * on it.
 */
public final class LibraryTypes {
    private LibraryTypes() {
    }

    /** The interface named {@code name} that {@code type} implements, directly or not; null if none. */
    public static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> candidate : c.getInterfaces()) {
                if (candidate.getName().equals(name)) {
                    return candidate;
                }
                Class<?> inherited = interfaceNamed(candidate, name);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }
}
