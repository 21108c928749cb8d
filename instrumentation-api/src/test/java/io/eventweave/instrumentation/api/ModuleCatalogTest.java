package io.eventweave.instrumentation.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleCatalogTest {
    private static final List<ModuleCatalog.Entry> MODULES = List.of(
            new ModuleCatalog.Entry("okhttp", "io.eventweave.instrumentation.okhttp.OkHttpModule", false,
                    "OkHttp calls as http.client.request.", List.of(TypeMatch.named("okhttp3.OkHttpClient$Builder"))),
            new ModuleCatalog.Entry("jdk-concurrent", "a.b.ConcurrentModule", true, "Context across threads.",
                    List.of(TypeMatch.named("java.util.concurrent.ThreadPoolExecutor", "java.lang.Thread",
                            "java.util.concurrent.ForkJoinPool"), TypeMatch.nameStartsWith("reactor.core."),
                            TypeMatch.subtypesOf("java.util.concurrent.Executor"))),
            new ModuleCatalog.Entry("empty", "a.b.EmptyModule", false, "No types.", List.of()));

    @Test
    void whatIsWrittenIsReadBackTheSame() throws IOException {
        String text = ModuleCatalog.write(MODULES);
        assertEquals(MODULES, read(text));
        // the names of a match in one order whatever the set's: the same file from every build
        assertTrue(text.contains("type\tnamed\tjava.lang.Thread,java.util.concurrent.ForkJoinPool,"
                + "java.util.concurrent.ThreadPoolExecutor\n"), text);
        assertEquals(text, ModuleCatalog.write(read(text)));
    }

    @Test
    void aLineThatIsNoRecordIsRefusedWithItsNumber() {
        String text = "# comment\nmodule\tm\ta.B\tfalse\td\ntype\tnamed\ta.C\ntype\tregex\ta.*\n";
        IOException e = assertThrows(IOException.class, () -> read(text));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        assertTrue(assertThrows(IOException.class, () -> read("type\tnamed\ta.C\n")).getMessage()
                .contains("line 1"), "a type before any module");
        assertTrue(assertThrows(IOException.class, () -> read("module\tm\ta.B\tmaybe\td\n")).getMessage()
                .contains("line 1"), "follows others is true or false");
    }

    @Test
    void aValueTheFormatCannotHoldIsRefusedWhenWritten() {
        assertThrows(IllegalArgumentException.class, () -> ModuleCatalog.write(List.of(new ModuleCatalog.Entry("m",
                "a.B", false, "a\ttab", List.of()))));
        assertThrows(IllegalArgumentException.class, () -> ModuleCatalog.write(List.of(new ModuleCatalog.Entry("m",
                "a.B", false, "d", List.of(TypeMatch.named("a,b"))))));
    }

    private static List<ModuleCatalog.Entry> read(String text) throws IOException {
        return ModuleCatalog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
