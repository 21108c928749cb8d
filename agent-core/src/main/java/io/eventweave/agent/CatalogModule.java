package io.eventweave.agent;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.ModuleCatalog;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * An instrumentation module as the agent jar's catalog ({@link ModuleCatalog}) describes it: its name, description
 * and matches answer without loading it, so that {@code premain} offers its switch and indexes its types on the
 * catalog alone. The module itself is made ({@link #load}) when Byte Buddy comes up, the first time a class some
 * instrumentation wants appears.
 */
final class CatalogModule implements InstrumentationModule {
    private final ModuleCatalog.Entry entry;
    private final ClassLoader loader;
    /** Made once, under this object's lock. */
    private InstrumentationModule module;

    CatalogModule(ModuleCatalog.Entry entry, ClassLoader loader) {
        this.entry = entry;
        this.loader = loader;
    }

    ModuleCatalog.Entry entry() {
        return entry;
    }

    @Override
    public String name() {
        return entry.name();
    }

    @Override
    public String description() {
        return entry.description();
    }

    @Override
    public boolean followsOthers() {
        return entry.followsOthers();
    }

    @Override
    public List<String> classesRequired() {
        return load().classesRequired();
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return load().typeInstrumentations();
    }

    /**
     * The module the catalog names, made as {@link java.util.ServiceLoader} makes one (its public constructor
     * without arguments).
     *
     * @throws IllegalStateException when the class is missing or cannot be made: the jar is not the one its catalog
     *     was written for
     */
    synchronized InstrumentationModule load() {
        if (module == null) {
            try {
                module = Class.forName(entry.className(), true, loader).asSubclass(InstrumentationModule.class)
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalStateException("instrumentation module " + entry.name() + " (" + entry.className()
                        + ") in the agent jar's catalog cannot be made: " + e, e);
            }
        }
        return module;
    }

    @Override
    public String toString() {
        return entry.name() + " (from the catalog)";
    }
}
