package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryPolicyImpl}: only named here, by the application line that built it; its attempts are seen by
 * {@link RetryPolicyExecutorInstrumentation}.
 */
public final class RetryPolicyImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.RetryPolicyImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor(), getClass().getPackageName() + ".PolicyCreatedAdvice");
    }
}
