package io.eventweave.agent.rules;

import io.eventweave.format.EventNames;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.HttpFields;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.PolicyFields;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.RuleFields;
import io.eventweave.runtime.http.HttpConventions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;

/**
 * Completes a rule's event on the drainer thread, before any handler sees it: a built-in kind gets its family's
 * section filled by the same rules the library instrumentations follow (so the file, the metrics and every reader
 * treat it as one of theirs), an application kind becomes {@link EventKind#APP_EVENT}. The rule section stays, for
 * {@code code.*}, {@code labels.*} and the application kind's fields.
 */
public final class RuleEvent {
    private RuleEvent() {
    }

    /** Completes {@code slot}, a {@link EventKind#RULE_EVENT}. */
    public static void complete(EventSlot slot) {
        RuleFields raw = slot.ruleSectionIfMade();
        RuleSite site = raw == null ? null : RuleSites.get(raw.site);
        if (site == null) {
            slot.kind = EventKind.APP_EVENT; // written with its envelope only; cannot happen: sites are only added
            return;
        }
        RuleKind kind = site.rule.kind;
        if (slot.outcome == Outcome.FAILURE) {
            // the method threw: it returned nothing, whatever the return slot held
            for (RuleSite.Value value : site.values) {
                if (value.index >= 0 && value.field.value.root == ValueExpression.Root.RETURN) {
                    raw.clear(value.index, value.storage == RuleSite.Storage.FLOATING ? RuleFields.ABSENT_DOUBLE_BITS
                            : RuleFields.ABSENT);
                }
            }
        }
        // error.type: a field's value where the rule gives one, else the thrown class (already in the slot)
        for (RuleSite.Value value : site.values) {
            if (value.field.type == RuleKind.FieldType.ERROR) {
                Object v = RuleValues.read(value, raw);
                if (v != null) {
                    slot.error = v instanceof Throwable ? v.getClass() : v instanceof Class ? v : RuleValues.text(v);
                }
            }
        }
        EventKind.Family section = kind.completedInto();
        if (section == EventKind.Family.RULE) {
            slot.kind = EventKind.APP_EVENT;
            return;
        }
        if (section == EventKind.Family.HTTP) {
            completeHttp(slot, site, raw);
            return;
        }
        PolicyFields policy = slot.policy();
        policy.name = null;
        policy.state = null;
        policy.previousState = null;
        policy.result = PolicyResult.NONE;
        policy.permits = 0;
        policy.attempt = 0;
        policy.waitNanos = -1;
        policy.failureRate = -1;
        boolean thrown = slot.outcome == Outcome.FAILURE;
        for (RuleSite.Value value : site.values) {
            Object v = RuleValues.read(value, raw);
            if (v == null) {
                continue;
            }
            switch (value.field.local) {
                case "name":
                    policy.name = RuleValues.text(v);
                    break;
                case "state":
                    policy.state = RuleValues.state(v);
                    break;
                case "previous_state":
                    policy.previousState = RuleValues.state(v);
                    break;
                case "failure_rate":
                    policy.failureRate = RuleValues.percent(v);
                    break;
                case "permits": {
                    Long n = RuleValues.integer(v);
                    policy.permits = n == null ? 0 : (int) (long) n;
                    break;
                }
                case "attempt": {
                    Long n = RuleValues.integer(v);
                    policy.attempt = n == null ? 0 : (int) (long) n;
                    break;
                }
                case "wait":
                case "timeout": {
                    Long n = RuleValues.nanos(v, value.field.value.unit);
                    policy.waitNanos = n == null ? -1 : n;
                    break;
                }
                case "result":
                    policy.result = result(RuleValues.text(v));
                    break;
                default: // labels.*, error.type: written from the rule section
                    break;
            }
        }
        switch (kind.eventName) {
            case EventNames.RATE_LIMITER_ACQUIRE:
                slot.kind = EventKind.RATE_LIMITER_ACQUIRE;
                if (policy.result == PolicyResult.NONE) {
                    policy.result = thrown ? PolicyResult.REJECTED
                            : policy.waitNanos > 0 ? PolicyResult.WAITED : PolicyResult.ACQUIRED;
                }
                slot.outcome = policy.result == PolicyResult.REJECTED ? Outcome.FAILURE : Outcome.SUCCESS;
                if (policy.waitNanos == 0 && policy.result == PolicyResult.ACQUIRED) {
                    policy.waitNanos = -1; // no wait, written as the library instrumentations write it: left out
                }
                if (policy.permits == 0) {
                    policy.permits = 1;
                }
                break;
            case EventNames.CIRCUIT_BREAKER_STATE_CHANGE:
                slot.kind = EventKind.CIRCUIT_BREAKER_STATE_CHANGE;
                slot.outcome = Outcome.NONE;
                break;
            case EventNames.CIRCUIT_BREAKER_REJECTED:
                slot.kind = EventKind.CIRCUIT_BREAKER_REJECTED;
                slot.outcome = Outcome.FAILURE;
                break;
            case EventNames.RETRY_ATTEMPT:
                slot.kind = EventKind.RETRY_ATTEMPT;
                if (policy.result == PolicyResult.NONE) {
                    policy.result = thrown ? PolicyResult.WILL_RETRY : PolicyResult.SUCCEEDED;
                }
                slot.outcome = policy.result == PolicyResult.SUCCEEDED ? Outcome.SUCCESS : Outcome.FAILURE;
                break;
            case EventNames.FALLBACK_INVOKE:
                slot.kind = EventKind.FALLBACK_INVOKE;
                break;
            case EventNames.BULKHEAD_REJECTED:
                slot.kind = EventKind.BULKHEAD_REJECTED;
                slot.outcome = Outcome.FAILURE;
                break;
            default: // time_limiter.timeout
                slot.kind = EventKind.TIME_LIMITER_TIMEOUT;
                slot.outcome = Outcome.FAILURE;
                break;
        }
        if (policy.name == null) {
            policy.name = site.namespace + "." + site.function; // as the library instrumentations name unnamed ones
        }
        if (slot.kind == EventKind.CIRCUIT_BREAKER_STATE_CHANGE || slot.kind == EventKind.CIRCUIT_BREAKER_REJECTED
                || slot.kind == EventKind.BULKHEAD_REJECTED || slot.kind == EventKind.TIME_LIMITER_TIMEOUT) {
            // events of a moment in the library instrumentations: no duration
            slot.durationNanos = -1;
        }
    }

    /**
     * {@code http.client.request}: the {@code url} split (no query, no user-info), the other fields over it, and the
     * HTTP rules for the outcome and {@code error.type} (a failure when it threw without a response, or 4xx/5xx).
     */
    private static void completeHttp(EventSlot slot, RuleSite site, RuleFields raw) {
        HttpFields http = slot.http();
        http.method = "GET";
        http.scheme = null;
        http.serverAddress = null;
        http.serverPort = -1;
        http.path = null;
        http.statusCode = 0;
        http.resendCount = 0;
        http.route = null;
        boolean errorField = false;
        for (RuleSite.Value value : site.values) {
            Object v = RuleValues.read(value, raw);
            if (v == null) {
                continue;
            }
            switch (value.field.name) {
                case "url":
                    url(http, v);
                    break;
                case "http.request.method":
                    http.method = RuleValues.text(v).toUpperCase(Locale.ROOT);
                    break;
                case "http.response.status_code": {
                    Long status = RuleValues.integer(v);
                    http.statusCode = status == null ? 0 : (int) (long) status;
                    break;
                }
                case "url.scheme":
                    http.scheme = RuleValues.text(v);
                    break;
                case "server.address":
                    http.serverAddress = RuleValues.text(v);
                    break;
                case "server.port": {
                    Long port = RuleValues.integer(v);
                    http.serverPort = port == null ? -1 : (int) (long) port;
                    break;
                }
                case "url.path":
                    http.path = RuleValues.text(v);
                    break;
                case "error.type":
                    errorField = true;
                    break;
                default: // labels.*
                    break;
            }
        }
        if (!errorField && HttpConventions.isStatus(http.statusCode)) {
            slot.error = null; // a response came: the status says what went wrong, not the exception
        }
        slot.outcome = HttpConventions.clientOutcome(http.statusCode, slot.error);
        slot.kind = EventKind.HTTP_CLIENT_REQUEST;
    }

    /** Splits a {@code String}, {@code URI} or {@code URL} into the HTTP section; anything else is its text. */
    private static void url(HttpFields http, Object v) {
        URI uri = null;
        if (v instanceof URI) {
            uri = (URI) v;
        } else if (v instanceof URL) {
            URL url = (URL) v;
            http.scheme = url.getProtocol();
            http.serverAddress = url.getHost();
            http.serverPort = url.getPort();
            http.path = url.getPath();
            return;
        } else {
            try {
                uri = new URI(RuleValues.text(v).trim());
            } catch (URISyntaxException e) {
                http.path = null; // not a URL: the event keeps its other fields
                return;
            }
        }
        http.scheme = uri.getScheme();
        http.serverAddress = uri.getHost();
        http.serverPort = uri.getPort();
        http.path = uri.getRawPath();
    }

    private static PolicyResult result(String word) {
        switch (word.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "acquired":
                return PolicyResult.ACQUIRED;
            case "waited":
                return PolicyResult.WAITED;
            case "rejected":
                return PolicyResult.REJECTED;
            case "will_retry":
            case "retry":
                return PolicyResult.WILL_RETRY;
            case "exhausted":
                return PolicyResult.EXHAUSTED;
            case "succeeded":
            case "success":
                return PolicyResult.SUCCEEDED;
            case "ignored":
                return PolicyResult.IGNORED;
            default:
                return PolicyResult.NONE;
        }
    }
}
