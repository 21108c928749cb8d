package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.it.apps.LibraryVersionsApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.RecordingHttpServer;
import org.junit.jupiter.api.Test;

/** An app with its own old jackson-core and Byte Buddy keeps using exactly its own copies. */
class LibraryIsolationIT {
    @Test
    void theAppSeesItsOwnJacksonAndByteBuddy() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(LibraryVersionsApp.class)
                    .classPath(ChildJvm.appLib("jackson-core-2.9.10"))
                    .classPath(ChildJvm.appLib("byte-buddy-1.10.22"))
                    .args(String.valueOf(server.port()))
                    .run().assertSucceeded();
            assertTrue(with.stdout.contains("jackson-core 2.9.10 from jackson-core-2.9.10.jar"), with.stdout);
            assertTrue(with.stdout.contains("byte-buddy from byte-buddy-1.10.22.jar"), with.stdout);
            assertEquals(1, with.events().assertHealthy().named("http.client.request").size());
        }
    }
}
