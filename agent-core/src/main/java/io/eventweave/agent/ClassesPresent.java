package io.eventweave.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A class loader that sees every one of some classes ({@code InstrumentationModule.classesRequired()}), as the
 * OpenTelemetry agent's {@code hasClassesNamed}: a resource look-up, no class loaded, once per loader (the answer is
 * kept as long as the loader lives).
 */
final class ClassesPresent extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
    private final List<String> resources = new ArrayList<>();
    private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());

    ClassesPresent(List<String> classNames) {
        for (String name : classNames) {
            resources.add(name.replace('.', '/') + ".class");
        }
    }

    @Override
    public boolean matches(ClassLoader classLoader) {
        if (resources.isEmpty()) {
            return true;
        }
        Boolean known = answers.get(classLoader);
        if (known != null) {
            return known;
        }
        // the bootstrap loader (null) has no getResource: the platform loader sees its classes, and a few more
        ClassLoader lookup = classLoader != null ? classLoader : ClassLoader.getPlatformClassLoader();
        boolean present = true;
        for (String resource : resources) {
            if (lookup.getResource(resource) == null) {
                present = false;
                break;
            }
        }
        answers.put(classLoader, present);
        return present;
    }
}
