package io.eventweave.agent.nats;

import java.util.HashMap;
import java.util.Map;

/**
 * Subjects of the lines: {@code <prefix>.<service.name>.<event.name>}. The service name is one token: every character
 * outside {@code A-Z a-z 0-9 _ -} becomes {@code _} ({@code unknown_service:java} is {@code unknown_service_java}), so
 * a name can never add a level or a wildcard. The event name keeps its dots, so each part is a token and
 * {@code eventweave.*.circuit_breaker.state_change} or {@code eventweave.checkout.http.>} select what a consumer
 * wants; within each part the same characters are replaced. NATS allows any character but space, {@code .},
 * {@code *} and {@code >} in a token and recommends these (nats.docs, subjects).
 */
final class Subjects {
    private final String prefix;
    /** Subjects made so far, by service then event name: both repeat (shipper thread only). */
    private final Map<String, Map<String, String>> made = new HashMap<>();

    Subjects(String prefix) {
        this.prefix = prefix;
    }

    String of(String serviceName, String eventName) {
        Map<String, String> byEvent = made.get(serviceName);
        if (byEvent == null) {
            if (made.size() > 10_000) {
                made.clear(); // bounded: a stream of distinct names must not grow the map
            }
            byEvent = new HashMap<>();
            made.put(serviceName, byEvent);
        }
        String subject = byEvent.get(eventName);
        if (subject == null) {
            StringBuilder b = new StringBuilder(prefix).append('.');
            token(b, serviceName);
            for (String part : eventName.split("\\.", -1)) {
                b.append('.');
                token(b, part);
            }
            subject = b.toString();
            if (byEvent.size() < 1_000) {
                byEvent.put(eventName, subject);
            }
        }
        return subject;
    }

    /** One token: the safe characters kept, every other one {@code _}; an empty text is {@code _}. */
    static void token(StringBuilder b, String text) {
        if (text.isEmpty()) {
            b.append('_');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            b.append(safe ? c : '_');
        }
    }
}
