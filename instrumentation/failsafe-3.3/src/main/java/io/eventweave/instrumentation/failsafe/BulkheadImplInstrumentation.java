package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;

/**
 * {@code BulkheadImpl} (3.3.0 and 3.3.2): only named, by the application line that built it, for the HTTP requests
 * made inside it ({@code bulkhead.name}); Failsafe bulkheads have no rejection event here yet.
 */
public final class BulkheadImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.BulkheadImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor(), getClass().getPackageName() + ".PolicyCreatedAdvice");
    }
}
