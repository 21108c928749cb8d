package io.eventweave.premain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive written from a folder reads back every file by name, and nothing else. */
class InstArchiveTest {
    @TempDir
    Path dir;

    @Test
    void everyFileReadsBackByItsNameAndOtherNamesAreAbsent() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("io/eventweave/agent/AgentInstaller.class", bytes(1_000, 7));
        files.put("io/eventweave/agent/AgentInstaller$1.class", bytes(3, 1));
        files.put("io/eventweave/agent/Agent.class", bytes(0, 0)); // an empty file
        files.put("META-INF/services/io.eventweave.instrumentation.api.InstrumentationModule",
                "a.B\nc.D\n".getBytes(StandardCharsets.UTF_8));
        files.put("z/\u00e9t\u00e9.txt", bytes(17, 3)); // a name beyond ASCII: UTF-8 order is byte order
        for (int i = 0; i < 300; i++) {
            files.put("p" + (i % 7) + "/C" + i + ".class", bytes(i, i));
        }
        Path jar = jarOf(files);

        try (JarFile opened = new JarFile(jar.toFile())) {
            InstArchive archive = InstArchive.open(opened);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                assertTrue(archive.contains(file.getKey()), file.getKey());
                assertArrayEquals(file.getValue(), archive.read(file.getKey()), file.getKey());
            }
            List<String> names = archive.names();
            assertEquals(files.size(), names.size());
            List<String> sorted = new ArrayList<>(names);
            sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8)));
            assertEquals(sorted, names, "names are in unsigned byte order, for the bisection");
            for (String absent : List.of("", "a", "io/eventweave/agent/AgentInstaller", "io/eventweave/agent/",
                    "io/eventweave/agent/AgentInstaller.classx", "zz", "META-INF/services")) {
                assertFalse(archive.contains(absent), absent);
                assertNull(archive.read(absent), absent);
            }
        }
    }

    @Test
    void anEmptyFolderIsAnEmptyArchive() throws Exception {
        Path jar = jarOf(Map.of());
        try (JarFile opened = new JarFile(jar.toFile())) {
            InstArchive archive = InstArchive.open(opened);
            assertEquals(List.of(), archive.names());
            assertNull(archive.read("a.class"));
        }
    }

    @Test
    void aJarWithoutTheEntryHasNoArchiveAndABrokenEntryIsSaid() throws Exception {
        Path plain = dir.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(plain); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("a.txt"));
        }
        try (JarFile opened = new JarFile(plain.toFile())) {
            assertNull(InstArchive.open(opened));
        }
        Path broken = dir.resolve("broken.jar");
        try (OutputStream file = Files.newOutputStream(broken); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(InstArchive.ENTRY));
            out.write("not an archive".getBytes(StandardCharsets.UTF_8));
        }
        try (JarFile opened = new JarFile(broken.toFile())) {
            IOException e = assertThrows(IOException.class, () -> InstArchive.open(opened));
            assertTrue(e.getMessage().contains("is not an eventweave archive"), e.getMessage());
        }
    }

    private Path jarOf(Map<String, byte[]> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "files");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        Path jar = Files.createTempFile(dir, "agent", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry(InstArchive.ENTRY);
            out.putNextEntry(entry);
            InstArchive.write(root, out);
        }
        return jar;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }
}
