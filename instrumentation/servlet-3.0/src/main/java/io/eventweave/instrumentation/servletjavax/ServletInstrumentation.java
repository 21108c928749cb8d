package io.eventweave.instrumentation.servletjavax;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;

/**
 * {@code javax.servlet.http.HttpServlet}'s public {@code service(ServletRequest, ServletResponse)}, which every HTTP
 * servlet inherits (Spring's {@code DispatcherServlet}, Jersey's {@code ServletContainer}, ...): for a container
 * that calls a servlet without a filter chain. With {@link FilterChainInstrumentation}, the outermost of them on a
 * request's thread is its dispatch ({@link ServletRequestAdvice}). Matched by name, not as subtypes of
 * {@code Servlet}: a servlet class is loaded before its superclasses, so the name index cannot learn it from them.
 */
public final class ServletInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("javax.servlet.http.HttpServlet");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isPublic().and(named("service")).and(takesArguments(2))
                .and(takesArgument(0, named("javax.servlet.ServletRequest"))),
                getClass().getPackageName() + ".ServletRequestAdvice");
    }
}
