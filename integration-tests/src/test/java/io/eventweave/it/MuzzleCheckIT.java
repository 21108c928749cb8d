package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class with the name of an instrumented library class but not the methods eventweave needs (another version, a
 * shaded copy): the instrumentation is switched off for it with one line on stderr, and it runs unchanged.
 */
class MuzzleCheckIT {
    @TempDir
    Path dir;

    @Test
    void aLookAlikeClassWithoutTheMethodsIsLeftUnchanged() throws Exception {
        Path source = dir.resolve("src/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerStateMachine.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "package io.github.resilience4j.circuitbreaker.internal;",
                "public class CircuitBreakerStateMachine {",
                "    public boolean tryAcquirePermission() { return true; }",
                "    public static void main(String[] args) {",
                "        System.out.println(\"look-alike ran: \" + new CircuitBreakerStateMachine().tryAcquirePermission());",
                "    }",
                "}"), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString()));

        Path work = Files.createDirectories(dir.resolve("work"));
        ChildJvm.Result run = ChildJvm.app("io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine")
                .classPath(classes).workDir(work).run().assertSucceeded();
        assertEquals("look-alike ran: true\n", run.stdout);
        List<String> lines = run.stderr.lines().toList();
        assertEquals(1, lines.size(), run.stderr);
        assertTrue(lines.get(0).contains("instrumentation resilience4j is off for "
                + "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine")
                && lines.get(0).contains("runs unchanged"), lines.get(0));
        EventFile events = EventFile.single(work).assertHealthy();
        assertTrue(events.named("circuit_breaker.rejected").isEmpty());
    }
}
