package io.eventweave.agent;

import io.eventweave.instrumentation.api.TypeMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every enabled instrumentation's {@link TypeMatch}, as internal names ({@code a/b/C}): which classes may be
 * instrumented, answered from the name and, for subtype matches, the direct supertypes in the class file. Called for
 * every class the JVM loads, so the common answer (no) is a hash look-up and a few prefix comparisons; only classes it
 * lets through ever reach Byte Buddy.
 *
 * <p>Subtypes are learned as classes come: a class whose direct superclass or interface is a known supertype becomes
 * one itself, and the JVM always loads a class's supertypes before the class.
 */
final class TypeNameIndex {
    private final Set<String> names = new HashSet<>();
    private final String[] prefixes;
    /** The supertypes named by subtype matches: not candidates themselves. */
    private final Set<String> roots = new HashSet<>();
    /** {@link #roots} and every subtype of them seen so far; grows on class-loading threads. */
    private final Set<String> supertypes = ConcurrentHashMap.newKeySet();

    /** {@link #names}, {@link #prefixes} and {@link #roots} in binary form ({@code a.b.C}), for loaded classes. */
    private final Set<String> binaryNames = new HashSet<>();
    private final String[] binaryPrefixes;
    private final Set<String> binaryRoots = new HashSet<>();

    /** Exact names of the types of modules that {@linkplain InstrumentationModule#followsOthers() follow others}. */
    private final Set<String> followers = new HashSet<>();

    TypeNameIndex(List<TypeMatch> matches) {
        this(matches, List.of());
    }

    /** {@code followerMatches}: the type matches of the modules that follow the others (exact names only). */
    TypeNameIndex(List<TypeMatch> matches, List<TypeMatch> followerMatches) {
        for (TypeMatch match : followerMatches) {
            if (!match.prefixes().isEmpty() || match.supertype() != null) {
                throw new IllegalArgumentException("a module that follows others matches exact names only: " + match);
            }
            for (String name : match.names()) {
                followers.add(internal(name));
                names.add(internal(name));
                binaryNames.add(name);
            }
        }
        Set<String> prefixSet = new HashSet<>();
        Set<String> binaryPrefixSet = new HashSet<>();
        for (TypeMatch match : matches) {
            for (String name : match.names()) {
                names.add(internal(name));
                binaryNames.add(name);
            }
            for (String prefix : match.prefixes()) {
                prefixSet.add(internal(prefix));
                binaryPrefixSet.add(prefix);
            }
            if (match.supertype() != null) {
                roots.add(internal(match.supertype()));
                binaryRoots.add(match.supertype());
            }
        }
        prefixes = prefixSet.toArray(new String[0]);
        binaryPrefixes = binaryPrefixSet.toArray(new String[0]);
        supertypes.addAll(roots);
    }

    /** Whether {@code internalName} is a type of a module that follows the others. */
    boolean isFollower(String internalName) {
        return !followers.isEmpty() && followers.contains(internalName);
    }

    boolean hasFollowers() {
        return !followers.isEmpty();
    }

    /** Whether nothing at all is to be matched. */
    boolean isEmpty() {
        return names.size() == followers.size() && prefixes.length == 0 && supertypes.isEmpty();
    }

    /** For a class being loaded: {@code internalName} and its class file. */
    boolean isCandidate(String internalName, byte[] classFile) {
        if (byName(internalName)) {
            return true;
        }
        if (supertypes.isEmpty() || roots.contains(internalName)) {
            return false;
        }
        if (supertypes.contains(internalName)) {
            return true; // a subtype seen before, being retransformed or loaded again by another loader
        }
        Boolean subtype = ClassHeader.extendsAnyOf(classFile, supertypes);
        if (Boolean.TRUE.equals(subtype)) {
            supertypes.add(internalName);
            return true;
        }
        return false;
    }

    /**
     * The candidates among {@code loaded}, the classes loaded before the agent started (arrays, primitives and the
     * agent's own classes, those of {@code agentLoader}, left out); their names join the known subtypes, so that a
     * class loaded later below one of them is found from its class file. One pass of name look-ups in the binary
     * form the classes give ({@link #binaryNames}, {@link #binaryPrefixes}) and, for subtype matches, a subtype test
     * against each root among the loaded classes ({@link Class#isAssignableFrom}): no name is converted, no hierarchy
     * walked, no class is asked for its interfaces. (Walking every loaded class's hierarchy by name took 13-20 ms
     * of {@code premain} in a trivial application, ~1,100 JDK classes, and brought the compilers on for it.)
     */
    List<Class<?>> loadedCandidates(Class<?>[] loaded, ClassLoader agentLoader) {
        List<Class<?>> rootClasses = new ArrayList<>();
        if (!binaryRoots.isEmpty()) {
            for (Class<?> type : loaded) {
                if (binaryRoots.contains(type.getName())) {
                    rootClasses.add(type); // one per loader that loaded a class of that name
                }
            }
        }
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : loaded) {
            if (type.isArray() || type.isPrimitive() || type.getClassLoader() == agentLoader) {
                continue;
            }
            String name = type.getName();
            boolean candidate = binaryNames.contains(name);
            for (int i = 0; !candidate && i < binaryPrefixes.length; i++) {
                candidate = name.startsWith(binaryPrefixes[i]);
            }
            if (!candidate && !rootClasses.isEmpty() && !binaryRoots.contains(name)) {
                for (Class<?> root : rootClasses) {
                    if (root.isAssignableFrom(type)) {
                        supertypes.add(internal(name));
                        candidate = true;
                        break;
                    }
                }
            }
            if (candidate) {
                candidates.add(type);
            }
        }
        return candidates;
    }

    /** An exact name or a prefix match. */
    private boolean byName(String internalName) {
        if (names.contains(internalName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }
}
