package io.eventweave.premain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resources of the agent class loader are read from its jar's archive, under {@code jar:...!/inst/} URLs. */
class AgentClassLoaderTest {
    private static final byte[] SERVICES = "a.b.Module\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void resourcesOfInstAreReadFromTheJarUnderJarUrls() throws Exception {
        byte[] classFile;
        try (InputStream in = AgentClassLoaderTest.class.getResourceAsStream("AgentClassLoaderTest.class")) {
            classFile = in.readAllBytes();
        }
        Path files = dir.resolve("inst");
        Files.createDirectories(files.resolve("META-INF/services"));
        Files.write(files.resolve("META-INF/services/a.b.Module"), SERVICES);
        Files.createDirectories(files.resolve("x"));
        Files.write(files.resolve("x/Y.class"), classFile);
        Path jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(InstArchive.ENTRY));
            InstArchive.write(files, out);
        }
        AgentClassLoader loader = new AgentClassLoader(jar.toFile(), ClassLoader.getPlatformClassLoader(), false);

        URL services = loader.getResource("META-INF/services/a.b.Module");
        assertEquals("jar:" + jar.toUri().toURL() + "!/inst/META-INF/services/a.b.Module", services.toString());
        try (InputStream in = services.openStream()) {
            assertArrayEquals(SERVICES, in.readAllBytes());
        }
        try (InputStream in = loader.getResourceAsStream("x/Y.class")) {
            assertArrayEquals(classFile, in.readAllBytes(), "a class file is its archive entry");
        }
        assertEquals(List.of(services), Collections.list(loader.getResources("META-INF/services/a.b.Module")));
        assertNull(loader.getResource("x/Absent.class"));
        assertTrue(loader.getResource("java/lang/Object.class").toString().startsWith("jrt:/java.base/"),
                "a name the jar does not hold is the parent's");
        assertNull(loader.getResourceAsStream("x/Absent.class"));

        URL gone = new URL(services, services.toString().replace("a.b.Module", "absent.txt")); // same handler
        FileNotFoundException e = assertThrows(FileNotFoundException.class, gone::openStream);
        assertTrue(e.getMessage().contains("absent.txt"), e.getMessage());
    }

    @Test
    void aJarWithoutTheArchiveIsRefusedInOneSentence() throws Exception {
        Path jar = dir.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("inst/x/Y.classdata"));
            out.write(new byte[] {1});
        }
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> new AgentClassLoader(jar.toFile(), ClassLoader.getPlatformClassLoader(), false));
        assertTrue(e.getMessage().contains("has no inst.pack"), e.getMessage());
    }
}
