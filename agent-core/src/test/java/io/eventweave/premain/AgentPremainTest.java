package io.eventweave.premain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the agent jar on the command line, as the bootstrap loader's copy of {@code AgentPremain} does. */
class AgentPremainTest {
    @TempDir
    Path dir;

    @Test
    void theFirstJavaAgentWithTheBootClassPathNameThatExists() throws Exception {
        Path other = Files.createFile(dir.resolve("other-agent.jar"));
        Path ours = Files.createFile(Files.createDirectories(dir.resolve("lib")).resolve(AgentPremain.BOOT_JAR_NAME));
        String missing = dir.resolve("gone").resolve(AgentPremain.BOOT_JAR_NAME).toString();
        String[] args = {"/usr/bin/java", "-javaagent:" + other, "-javaagent:" + missing,
            "-javaagent:" + ours + "=service.name=a=b", "-javaagent:" + ours, "-cp", ".", "Main"};
        assertEquals(ours.toFile().getAbsoluteFile(), AgentPremain.javaAgentNamed(args, AgentPremain.BOOT_JAR_NAME));
    }

    @Test
    void aRelativePathIsTheWorkingDirectorysAndNoneIsNull() {
        String[] relative = {"java", "-javaagent:lib/" + AgentPremain.BOOT_JAR_NAME};
        assertNull(AgentPremain.javaAgentNamed(relative, AgentPremain.BOOT_JAR_NAME), "no such file here");
        assertNull(AgentPremain.javaAgentNamed(new String[] {"java", "-jar", "app.jar"}, AgentPremain.BOOT_JAR_NAME));
        assertNull(AgentPremain.javaAgentNamed(new String[] {"java", "-javaagent:/x/renamed.jar"},
                AgentPremain.BOOT_JAR_NAME));
    }

    @Test
    void thisJvmsOwnCommandLineIsReadable() {
        // the test JVM runs without our agent: nothing found, and no exception on a real /proc/self/cmdline
        File found = AgentPremain.agentJarOnCommandLine();
        assertNull(found);
    }
}
