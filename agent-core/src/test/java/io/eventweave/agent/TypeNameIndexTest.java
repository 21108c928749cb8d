package io.eventweave.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.instrumentation.api.TypeMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The name check every loaded class goes through before Byte Buddy: exact names, prefixes, and subtypes learned from
 * class files in loading order (supertypes first), on real class files of the JDK and of this test.
 */
class TypeNameIndexTest {
    /** A class file with every kind of constant-pool entry a plain class has (long and double take two slots). */
    static class ConstantsAndInterfaces extends ArrayList<String> implements Executor, Serializable {
        static final long LONG = 1234567890123L;
        static final double DOUBLE = 3.25;
        static final float FLOAT = 1.5f;
        static final String TEXT = "naïve ✓";

        @Override
        public void execute(Runnable command) {
            Runnable twice = () -> command.run();
            twice.run();
        }
    }

    static class Grandchild extends ConstantsAndInterfaces {
    }

    static class GreatGrandchild extends Grandchild {
    }

    static class Unrelated {
    }

    /** Non-ASCII names: the class file holds them in modified UTF-8. */
    static class Ünïcødé extends ConstantsAndInterfaces {
    }

    static class ÜnïcødéChild extends Ünïcødé {
    }

    @Test
    void namesAndPrefixesNeedNoClassFile() {
        TypeNameIndex index = new TypeNameIndex(List.of(TypeMatch.named("a.b.Exact", "a.b.Outer$Inner"),
                TypeMatch.nameStartsWith("c.d.Decorate")));
        assertTrue(index.isCandidate("a/b/Exact", new byte[0]));
        assertTrue(index.isCandidate("a/b/Outer$Inner", new byte[0]));
        assertTrue(index.isCandidate("c/d/DecorateSupplier", new byte[0]));
        assertFalse(index.isCandidate("a/b/ExactNot", new byte[0]));
        assertFalse(index.isCandidate("c/d/Other", new byte[0]));
    }

    @Test
    void followersAreCandidatesThatAloneMatchNothing() {
        TypeNameIndex followersOnly = new TypeNameIndex(List.of(),
                List.of(TypeMatch.named("java.lang.Thread", "java.util.concurrent.ThreadPoolExecutor")));
        assertTrue(followersOnly.isEmpty(), "followers alone never bring Byte Buddy up");
        assertTrue(followersOnly.hasFollowers());
        TypeNameIndex index = new TypeNameIndex(List.of(TypeMatch.named("a.b.Exact")),
                List.of(TypeMatch.named("java.lang.Thread")));
        assertFalse(index.isEmpty());
        assertTrue(index.isCandidate("java/lang/Thread", new byte[0]));
        assertTrue(index.isFollower("java/lang/Thread"));
        assertFalse(index.isFollower("a/b/Exact"));
        assertTrue(index.isCandidate("a/b/Exact", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new TypeNameIndex(List.of(),
                List.of(TypeMatch.nameStartsWith("java.util."))), "followers match exact names only");
    }

    @Test
    void subtypesAreLearnedFromClassFilesInLoadingOrder() throws IOException {
        TypeNameIndex index = new TypeNameIndex(List.of(TypeMatch.subtypesOf("java.util.concurrent.Executor")));
        assertFalse(index.isCandidate("java/util/concurrent/Executor", bytes(Executor.class)), "not the root itself");
        assertTrue(index.isCandidate(internal(ConstantsAndInterfaces.class), bytes(ConstantsAndInterfaces.class)));
        assertTrue(index.isCandidate(internal(Grandchild.class), bytes(Grandchild.class)), "through its superclass");
        assertFalse(index.isCandidate(internal(Unrelated.class), bytes(Unrelated.class)));
        assertFalse(index.isCandidate("java/lang/String", bytes(String.class)));
        assertTrue(index.isCandidate(internal(Grandchild.class), new byte[0]), "known once seen: a retransformation");
        assertTrue(index.isCandidate(internal(Ünïcødé.class), bytes(Ünïcødé.class)));
        assertTrue(index.isCandidate(internal(ÜnïcødéChild.class), bytes(ÜnïcødéChild.class)),
                "its superclass's name decoded from the class file is the name the JVM gave");
    }

    @Test
    void loadedClassesAreCheckedThroughTheirWholeHierarchy() throws IOException {
        TypeNameIndex index = new TypeNameIndex(List.of(TypeMatch.subtypesOf("java.util.AbstractList"),
                TypeMatch.named("a.b.Exact"), TypeMatch.nameStartsWith("java.util.concurrent.atomic.")));
        Class<?>[] loaded = {Grandchild.class, ArrayList.class, AbstractList.class, Unrelated.class, String[].class,
            int.class, AtomicLong.class, TypeNameIndexTest.class};
        ClassLoader noneOfThem = new ClassLoader(null) { };
        assertEquals(List.of(Grandchild.class, ArrayList.class, AtomicLong.class),
                index.loadedCandidates(loaded, noneOfThem),
                "subtypes of a loaded root (not the root), by prefix; no array or primitive");
        assertEquals(List.of(ArrayList.class, AtomicLong.class),
                index.loadedCandidates(loaded, getClass().getClassLoader()), "the agent's own classes left out");
        assertTrue(index.isCandidate(internal(Grandchild.class), new byte[0]), "a loaded subtype is known by name");
        assertTrue(index.isCandidate(internal(GreatGrandchild.class), bytes(GreatGrandchild.class)),
                "a class loaded later below it is found from its class file");
        assertEquals(List.of(), new TypeNameIndex(List.of(TypeMatch.subtypesOf("not.Loaded")))
                .loadedCandidates(loaded, null), "no root loaded: no subtype loaded");
    }

    @Test
    void classHeaderReadsTheDirectSupertypesOrSaysItCannot() throws IOException {
        byte[] file = bytes(ConstantsAndInterfaces.class);
        assertEquals(Boolean.TRUE, ClassHeader.extendsAnyOf(file, Set.of("java/util/ArrayList")));
        assertEquals(Boolean.TRUE, ClassHeader.extendsAnyOf(file, Set.of("java/io/Serializable")));
        assertEquals(Boolean.FALSE, ClassHeader.extendsAnyOf(file, Set.of("java/util/AbstractList")),
                "only direct supertypes are in the header");
        assertNull(ClassHeader.extendsAnyOf(new byte[] {1, 2, 3}, Set.of("java/lang/Object")));
        assertNull(ClassHeader.extendsAnyOf(Arrays.copyOf(file, 40), Set.of("java/lang/Object")), "a truncated file");
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        String resource = "/" + internal(type) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
