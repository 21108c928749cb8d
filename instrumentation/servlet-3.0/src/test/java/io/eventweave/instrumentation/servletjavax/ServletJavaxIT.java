package io.eventweave.instrumentation.servletjavax;

import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.ServletRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests through the {@code javax.servlet} API to an embedded Tomcat 9 ({@link TomcatApp}) and Undertow 2.2
 * ({@link UndertowApp}), both serving {@link Routes}, compared by {@link ServletRequests}' oracle as
 * {@code servlet-5.0}'s test does for {@code jakarta.servlet}: one {@code http.server.request} per request, with the
 * status the client saw, the trace it sent, the escaped exception, an async request, a route, 10 threads at once each
 * in its own trace; the container answers the same without the agent.
 */
class ServletJavaxIT {
    @TempDir
    Path dir;

    /** A container, and the folder of app-libs with its version. */
    record Container(Class<?> app, String libs) {
        @Override
        public String toString() {
            return libs;
        }
    }

    static List<Container> containers() {
        return List.of(new Container(TomcatApp.class, "tomcat-9.0.113"),
                new Container(UndertowApp.class, "undertow-2.2.37.Final"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void everyRequestIsOneEventInTheTraceItsCallerSent(Container container) throws Exception {
        Path with = Files.createDirectories(dir.resolve("with"));
        List<ServletRequests.Exchange> sent = ServletRequests.run(app(container), with);
        List<ServletRequests.Exchange> sentWithout = ServletRequests.run(app(container).withoutAgent(),
                Files.createDirectories(dir.resolve("without")));
        ServletRequests.assertOneEventPerRequest(sent, sentWithout, EventFile.single(with).assertHealthy());
    }

    private static ChildJvm app(Container container) {
        return ChildJvm.app(container.app()).libs(container.libs());
    }
}
