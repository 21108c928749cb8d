package io.eventweave.instrumentation.failsafe;

import io.eventweave.runtime.InstanceNames;
import net.bytebuddy.asm.Advice;

/**
 * Policies have no names: each is named by the application line that built it, recorded when its constructor
 * returns ({@link InstanceNames}).
 */
public final class PolicyCreatedAdvice {
    private PolicyCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object policy) {
        InstanceNames.created(policy, FailsafeModule.LIBRARY);
    }
}
