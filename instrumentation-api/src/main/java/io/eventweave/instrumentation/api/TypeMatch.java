package io.eventweave.instrumentation.api;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The types a {@link TypeInstrumentation} instruments, said in names, so that the agent can tell from a class's name
 * (and, for {@link #subtypesOf}, its direct supertypes' names in the class file) whether it may be one, before Byte
 * Buddy is even loaded: nearly every class an application loads is turned away by a set look-up, and an application
 * that loads none of a module's types never pays for that module. A candidate is then checked by the full Byte Buddy
 * matcher ({@link #matcher()}) and the instrumentation's {@link TypeInstrumentation#refinement()}.
 */
public final class TypeMatch {
    private final Set<String> names;
    private final String prefix;
    private final String supertype;

    private TypeMatch(Set<String> names, String prefix, String supertype) {
        this.names = names;
        this.prefix = prefix;
        this.supertype = supertype;
    }

    /** The types of these binary names ({@code a.b.Outer$Inner}). */
    public static TypeMatch named(String... names) {
        return new TypeMatch(Set.of(names), null, null);
    }

    /** Every type whose binary name starts with {@code prefix}. */
    public static TypeMatch nameStartsWith(String prefix) {
        return new TypeMatch(Set.of(), prefix, null);
    }

    /**
     * Every class or interface that extends or implements {@code supertype}, directly or through others, but not
     * {@code supertype} itself. Supertypes are always loaded before their subtypes, so the agent learns the chain as
     * the classes come.
     */
    public static TypeMatch subtypesOf(String supertype) {
        return new TypeMatch(Set.of(), null, supertype);
    }

    /** Binary names matched exactly; empty for the other kinds. */
    public Set<String> names() {
        return names;
    }

    /** Name prefixes matched; empty for the other kinds. */
    public List<String> prefixes() {
        return prefix == null ? List.of() : List.of(prefix);
    }

    /** The supertype of a {@link #subtypesOf} match, or null. */
    public String supertype() {
        return supertype;
    }

    /** Same names, prefix and supertype: the same classes match. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TypeMatch that && names.equals(that.names) && Objects.equals(prefix, that.prefix)
                && Objects.equals(supertype, that.supertype);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, prefix, supertype);
    }

    @Override
    public String toString() {
        return supertype != null ? "subtypes of " + supertype
                : prefix != null ? "names starting with " + prefix : "named " + new TreeSet<>(names);
    }

    /** The same match for Byte Buddy (called only once Byte Buddy is up). */
    public ElementMatcher.Junction<TypeDescription> matcher() {
        if (supertype != null) {
            return hasSuperType(namedOneOf(supertype)).and(not(namedOneOf(supertype)));
        }
        if (prefix != null) {
            return ElementMatchers.nameStartsWith(prefix);
        }
        return namedOneOf(names.toArray(new String[0]));
    }
}
