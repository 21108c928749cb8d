package io.eventweave.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;

/**
 * {@code reactor.netty.channel.ChannelOperations.onInboundClose()} (reactor-netty-core): the channel went inactive
 * under these operations. In 1.0.0 the server's {@code HttpServerOperations} inherits it; from the versions where it
 * overrides it without calling this one (1.4.0), {@link HttpServerOperationsInstrumentation} weaves the override. Both
 * apply the same advice ({@link HttpServerOperationsInstrumentation.CloseAdvice}): a request whose response had not
 * ended when its connection closed was abandoned by the client; any other operations (a client's, a finished
 * request's) are left alone.
 */
public final class ChannelOperationsInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.netty.channel.ChannelOperations");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("onInboundClose").and(takesArguments(0)),
                HttpServerOperationsInstrumentation.class.getName() + "$CloseAdvice");
    }
}
