package io.eventweave.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.ModuleCatalog;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.AgentErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CatalogModule} and {@link ByteBuddyInstallation#instrumentations}: a module known from the catalog is made
 * only when Byte Buddy comes up, and what it matches then is checked against what its catalog entry said.
 */
class CatalogModuleTest {
    /** A module as a module folder declares one: public, with a public constructor without arguments. */
    public static final class ExampleModule implements InstrumentationModule {
        static int made;

        public ExampleModule() {
            made++;
        }

        @Override
        public String name() {
            return "example";
        }

        @Override
        public String description() {
            return "An example.";
        }

        @Override
        public List<TypeInstrumentation> typeInstrumentations() {
            return List.of(new TypeInstrumentation() {
                @Override
                public TypeMatch types() {
                    return TypeMatch.named("com.example.Client", "com.example.Server");
                }

                @Override
                public void transform(TypeTransformer transformer) {
                }
            });
        }
    }

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void aModuleFromTheCatalogIsMadeOnlyWhenByteBuddyComesUp() {
        int before = ExampleModule.made;
        CatalogModule module = module(List.of(TypeMatch.named("com.example.Server", "com.example.Client")));
        assertEquals("example", module.name());
        assertEquals("An example.", module.description());
        assertEquals(before, ExampleModule.made, "name and description from the catalog");
        long errors = AgentErrors.count(AgentErrors.INSTRUMENTATION);
        Map<InstrumentationModule, List<TypeInstrumentation>> all = ByteBuddyInstallation.instrumentations(
                List.of(module), Map.of(), err);
        assertEquals(before + 1, ExampleModule.made);
        InstrumentationModule made = all.keySet().iterator().next();
        assertSame(module.load(), made, "made once");
        assertEquals(1, all.get(made).size());
        assertEquals(errors, AgentErrors.count(AgentErrors.INSTRUMENTATION));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCatalogThatSaysOtherMatchesIsSaidAndCounted() {
        long errors = AgentErrors.count(AgentErrors.INSTRUMENTATION);
        CatalogModule module = module(List.of(TypeMatch.named("com.example.Client")));
        Map<InstrumentationModule, List<TypeInstrumentation>> all = ByteBuddyInstallation.instrumentations(
                List.of(module), Map.of(), err);
        assertEquals(1, all.size(), "still woven, with its own matches");
        assertEquals(errors + 1, AgentErrors.count(AgentErrors.INSTRUMENTATION));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("instrumentation module example matches [named [com.example.Client, "
                + "com.example.Server]], its catalog entry [named [com.example.Client]]"), said);
        assertTrue(said.contains("out of date"), said);
    }

    @Test
    void aModuleClassTheJarDoesNotHoldIsLeftOutAndCounted() {
        long errors = AgentErrors.count(AgentErrors.INSTRUMENTATION);
        CatalogModule missing = new CatalogModule(new ModuleCatalog.Entry("gone", "com.example.GoneModule", false,
                "Gone.", List.of(TypeMatch.named("com.example.Gone"))), getClass().getClassLoader());
        assertEquals(Map.of(), ByteBuddyInstallation.instrumentations(List.of(missing), Map.of(), err));
        assertEquals(errors + 1, AgentErrors.count(AgentErrors.INSTRUMENTATION));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("instrumentation module gone (com.example.GoneModule) in the agent jar's catalog "
                + "cannot be made"), said);
    }

    private CatalogModule module(List<TypeMatch> types) {
        return new CatalogModule(new ModuleCatalog.Entry("example", ExampleModule.class.getName(), false,
                "An example.", types), getClass().getClassLoader());
    }
}
