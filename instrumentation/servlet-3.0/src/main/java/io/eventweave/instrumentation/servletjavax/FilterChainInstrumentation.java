package io.eventweave.instrumentation.servletjavax;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;

/**
 * The container's {@code javax.servlet.FilterChain} ({@code doFilter(ServletRequest, ServletResponse)}): where a
 * container hands a request to the application's filters and servlet (Tomcat's {@code ApplicationFilterChain},
 * always, even with no filter; Jetty's and Undertow's chains), so a request a filter answers alone is seen too. The
 * chains implement the interface directly, which the agent's name index recognises from the class file.
 */
public final class FilterChainInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.subtypesOf("javax.servlet.FilterChain");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdviceIfPresent(isPublic().and(named("doFilter")).and(takesArguments(2))
                .and(takesArgument(0, named("javax.servlet.ServletRequest"))),
                getClass().getPackageName() + ".ServletRequestAdvice");
    }
}
