package io.eventweave.instrumentation.servletjakarta;

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
 * Requests to embedded containers through the {@code jakarta.servlet} API — Tomcat 10.1 and 11.0 ({@link TomcatApp}),
 * Jetty 12.0 and 12.1 ee10 ({@link JettyApp}), Undertow 2.3 ({@link UndertowApp}), all serving {@link Routes} — from a
 * client that sends a {@code traceparent} (or none), compared by {@link ServletRequests}' oracle: one
 * {@code http.server.request} per request, with the status the client saw, the trace it sent, the escaped exception,
 * an async request, a route, 10 threads at once each in its own trace; the container answers the same without the
 * agent.
 */
class ServletJakartaIT {
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
        return List.of(new Container(TomcatApp.class, "tomcat-10.1.55"),
                new Container(TomcatApp.class, "tomcat-11.0.29"), new Container(JettyApp.class, "jetty-12.0.16"),
                new Container(JettyApp.class, "jetty-12.1.14"), new Container(UndertowApp.class, "undertow-2.3.26.Final"));
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
