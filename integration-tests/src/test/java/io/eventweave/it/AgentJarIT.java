package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.instrumentation.api.ModuleCatalog;
import io.eventweave.premain.InstArchive;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.SourceTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped jar: its layout, its manifest, and {@code java -jar eventweave-agent.jar --version | --help}. */
class AgentJarIT {
    private static final Pattern KEY = Pattern.compile("(eventweave\\.[a-z0-9.-]+)");
    private static final String SERVICES = "META-INF/services/io.eventweave.instrumentation.api.InstrumentationModule";

    @Test
    void everyClassIsOursOrRelocatedUnderOurPackage() throws Exception {
        List<String> foreign = new ArrayList<>();
        int relocated = 0;
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                boolean ours = name.startsWith("io/eventweave/premain/") || name.startsWith("io/eventweave/runtime/")
                        || name.equals(InstArchive.ENTRY);
                if (!ours) {
                    foreign.add(name);
                }
                if (name.equals(InstArchive.ENTRY)) {
                    assertEquals(JarEntry.STORED, entry.getMethod(), "the archive is stored: a class is a skip and a read");
                }
            }
            for (String name : InstArchive.open(jar).names()) {
                boolean ours = name.equals(SERVICES) || name.equals(ModuleCatalog.RESOURCE)
                        || name.startsWith("io/eventweave/");
                if (!ours) {
                    foreign.add(InstArchive.ENTRY + ": " + name);
                }
                if (name.startsWith("io/eventweave/shaded/")) {
                    relocated++;
                }
            }
            assertEquals(List.of(), foreign, "entries outside io.eventweave");
            assertTrue(relocated > 1000, "Byte Buddy and jackson-core relocated under io.eventweave.shaded");
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("io.eventweave.premain.AgentPremain", manifest.getValue("Premain-Class"));
            assertEquals("io.eventweave.premain.AgentPremain", manifest.getValue("Agent-Class"));
            assertEquals("io.eventweave.premain.AgentPremain", manifest.getValue("Main-Class"));
            assertEquals("true", manifest.getValue("Can-Retransform-Classes"));
            assertEquals("eventweave-agent.jar", manifest.getValue("Boot-Class-Path"));
        }
    }

    /** A file of the jar's archive, as text. */
    private static String archived(InstArchive archive, String name) throws Exception {
        byte[] bytes = archive.read(name);
        assertTrue(bytes != null, name + " is not in the jar's archive");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The catalog premain reads instead of loading the modules ({@code ModuleCatalog}) names every module of the
     * jar's service file, in its order, each with the class the service file names and at least one match. (That
     * each module matches what its entry says is checked by the agent itself when Byte Buddy comes up, as an
     * internal error every integration test counts.)
     */
    @Test
    void theModuleCatalogNamesEveryModuleInTheServiceFile() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            InstArchive archive = InstArchive.open(jar);
            List<String> services = new ArrayList<>();
            for (String line : archived(archive, SERVICES).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    services.add(line.trim());
                }
            }
            List<ModuleCatalog.Entry> catalog = ModuleCatalog.read(new java.io.ByteArrayInputStream(
                    archived(archive, ModuleCatalog.RESOURCE).getBytes(StandardCharsets.UTF_8)));
            List<String> classes = new ArrayList<>();
            for (ModuleCatalog.Entry entry : catalog) {
                classes.add(entry.className());
                assertFalse(entry.types().isEmpty(), entry.name() + " matches no type");
                assertFalse(entry.description().isBlank(), entry.name() + " has no description");
            }
            assertEquals(services, classes);
        }
    }

    /**
     * agent/ takes every folder under instrumentation/ that the build compiled: none may be missing from the shipped
     * jar (each module's own tests run under a jar with that module alone).
     */
    @Test
    void theShippedJarHasEveryInstrumentationModule() throws Exception {
        String services = SERVICES;
        Set<String> inFolders = new TreeSet<>();
        try (Stream<Path> folders = Files.list(SourceTree.file("instrumentation"))) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("pom.xml"))).toList()) {
                Path file = folder.resolve("src/main/resources").resolve(services);
                assertTrue(Files.isRegularFile(file), folder + " declares no module in " + services);
                Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(inFolders::add);
            }
        }
        Set<String> inJar = new TreeSet<>();
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            InstArchive archive = InstArchive.open(jar);
            String text = archived(archive, services);
            text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(inJar::add);
            for (String module : inJar) {
                assertTrue(archive.contains(module.replace('.', '/') + ".class"), module);
            }
        }
        assertTrue(inFolders.size() >= 7, inFolders::toString);
        assertEquals(inFolders, inJar);
    }

    @Test
    void versionAndHelpFromTheCommandLine() throws Exception {
        String version = run("--version");
        assertTrue(version.matches("eventweave-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\s*"), version);

        String help = run("--help");
        Set<String> helpKeys = keys(help);
        String readme = Files.readString(SourceTree.file("README.md"), StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("### Trace context"));
        Set<String> readmeKeys = new TreeSet<>();
        for (String row : table.split("\n")) {
            if (row.startsWith("| `eventweave.")) {
                readmeKeys.addAll(keys(row.substring(0, row.indexOf("` |") + 1)));
            }
        }
        assertTrue(helpKeys.contains("eventweave.queue.size") && helpKeys.size() >= 12, "keys found in --help: " + helpKeys);
        assertEquals(readmeKeys, helpKeys, "the README's configuration table lists exactly the agent's settings");
        assertTrue(help.contains("EVENTWEAVE_QUEUE_SIZE  |  16384"), help);
    }

    private static Set<String> keys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            String key = m.group(1).replaceAll("[.]$", "");
            if (!key.equals("eventweave.a.b-c") && !key.startsWith("eventweave.shaded")) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String run(String option) throws Exception {
        Process process = new ProcessBuilder(ChildJvm.javaHome().resolve("bin/java").toString(), "-jar",
                ChildJvm.agentJar().toString(), option).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
