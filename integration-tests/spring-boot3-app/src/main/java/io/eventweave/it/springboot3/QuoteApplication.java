package io.eventweave.it.springboot3;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A quote service whose backend is down: {@code @CircuitBreaker} with a {@code fallbackMethod}. */
@SpringBootApplication
public class QuoteApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuoteApplication.class, args);
    }

    @RestController
    static class QuoteController {
        private final QuoteService quotes;

        QuoteController(QuoteService quotes) {
            this.quotes = quotes;
        }

        @GetMapping("/quote/{symbol}")
        String quote(@PathVariable("symbol") String symbol) {
            return quotes.quote(symbol);
        }
    }

    @Service
    public static class QuoteService {
        @CircuitBreaker(name = "quotes", fallbackMethod = "cachedQuote")
        public String quote(String symbol) {
            throw new IllegalStateException("quote backend down");
        }

        /** The fallback; prints what Resilience4j handed it (the library's own view, for the test). */
        public String cachedQuote(String symbol, Throwable failure) {
            System.out.println("lib fallback.invoke QuoteService#cachedQuote " + failure.getClass().getName());
            return "cached " + symbol;
        }
    }
}
