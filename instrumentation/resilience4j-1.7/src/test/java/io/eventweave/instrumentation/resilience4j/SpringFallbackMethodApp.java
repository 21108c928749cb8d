package io.eventweave.instrumentation.resilience4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The path Resilience4j's Spring Boot 2 integration (resilience4j-spring 1.7.x) takes for a
 * {@code fallbackMethod}: {@code FallbackMethod.create(name, method, args, target).fallback(failure)}, called here
 * directly (by reflection: the app is not compiled against it), as the aspect would. The fallbacks print what they
 * were given.
 */
public final class SpringFallbackMethodApp {
    private SpringFallbackMethodApp() {
    }

    public static class QuoteService {
        public String quote(String symbol) {
            throw new IllegalStateException("backend down");
        }

        public String cachedQuote(String symbol, IllegalStateException failure) {
            System.out.println("lib fallback.invoke QuoteService#cachedQuote " + failure.getClass().getName() + " success");
            return "cached " + symbol;
        }

        public String failingQuote(String symbol, Throwable failure) {
            System.out.println("lib fallback.invoke QuoteService#failingQuote " + failure.getClass().getName() + " failure");
            throw new UnsupportedOperationException("no fallback value");
        }
    }

    public static void main(String[] args) throws Exception {
        Method original = QuoteService.class.getMethod("quote", String.class);
        Class<?> fallbackMethod = Class.forName("io.github.resilience4j.fallback.FallbackMethod");
        Method create = fallbackMethod.getMethod("create", String.class, Method.class, Object[].class, Object.class);
        Method fallback = fallbackMethod.getMethod("fallback", Throwable.class);
        QuoteService service = new QuoteService();
        Object cached = create.invoke(null, "cachedQuote", original, new Object[] {"ACME"}, service);
        System.out.println("result " + fallback.invoke(cached, new IllegalStateException("down")));
        Object failing = create.invoke(null, "failingQuote", original, new Object[] {"ACME"}, service);
        try {
            fallback.invoke(failing, new IllegalStateException("down"));
        } catch (InvocationTargetException e) {
            System.out.println("fallback threw " + e.getCause().getClass().getName());
        }
    }
}
