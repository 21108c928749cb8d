package io.eventweave.instrumentation.servletjavax;

import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.ServletRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests to an embedded Tomcat 9 ({@link TomcatApp}) through the {@code javax.servlet} API, compared by
 * {@link ServletRequests}' oracle, as {@code servlet-5.0}'s test does for {@code jakarta.servlet}.
 */
class ServletJavaxIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "tomcat {0}")
    @ValueSource(strings = {"9.0.113"})
    void everyRequestIsOneEventInTheTraceItsCallerSent(String version) throws Exception {
        Path with = Files.createDirectories(dir.resolve("with"));
        List<ServletRequests.Exchange> sent = ServletRequests.run(app(version), with);
        List<ServletRequests.Exchange> sentWithout = ServletRequests.run(app(version).withoutAgent(),
                Files.createDirectories(dir.resolve("without")));
        ServletRequests.assertOneEventPerRequest(sent, sentWithout, EventFile.single(with).assertHealthy());
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(TomcatApp.class).libs("tomcat-" + version);
    }
}
