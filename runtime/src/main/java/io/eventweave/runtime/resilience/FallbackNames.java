package io.eventweave.runtime.resilience;

import io.eventweave.runtime.WeakIdentityMap;
import java.lang.reflect.Method;

/**
 * {@code fallback.name} of a fallback method ({@code QuoteService#cachedQuote}): built the first time the method
 * falls back, then looked up by identity. Resilience4j's Spring {@code FallbackMethod} hands over the same
 * {@link Method} objects from its own cache call after call, so the name is not built again on every fallback.
 */
public final class FallbackNames {
    private static final WeakIdentityMap<String> NAMES = new WeakIdentityMap<>();

    private FallbackNames() {
    }

    public static String of(Method method) {
        String name = NAMES.get(method);
        if (name != null) {
            return name;
        }
        String built = method.getDeclaringClass().getSimpleName() + "#" + method.getName();
        String raced = NAMES.putIfAbsent(method, built);
        return raced != null ? raced : built;
    }
}
