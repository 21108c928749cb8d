package io.eventweave.agent.rules;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration rules as an instrumentation module: one type instrumentation per rule (two for a rule with
 * {@code subtypes}: the type itself and every subtype), each weaving the rule with a {@link RuleWeaver}. It is not
 * in the jar's module list: the installer adds it when rules are configured.
 */
public final class RulesModule implements InstrumentationModule {
    /** {@code event.provider} of rule events and the name of this module. */
    public static final String NAME = "rules";

    private final List<Rule> rules;

    public RulesModule(List<Rule> rules) {
        this.rules = rules;
    }

    public List<Rule> rules() {
        return rules;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The application's own methods named by eventweave.rules / eventweave.methods, as typed events.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        List<TypeInstrumentation> instrumentations = new ArrayList<>();
        for (Rule rule : rules) {
            instrumentations.add(new RuleInstrumentation(rule, TypeMatch.named(rule.type)));
            if (rule.subtypes) {
                instrumentations.add(new RuleInstrumentation(rule, TypeMatch.subtypesOf(rule.type)));
            }
        }
        return instrumentations;
    }

    /** One rule on the types of one match. */
    private static final class RuleInstrumentation implements TypeInstrumentation {
        private final Rule rule;
        private final TypeMatch types;

        RuleInstrumentation(Rule rule, TypeMatch types) {
            this.rule = rule;
            this.types = types;
        }

        @Override
        public TypeMatch types() {
            return types;
        }

        @Override
        public void transform(TypeTransformer transformer) {
            transformer.weave(RuleAdvice.class.getName(), (advice, locator, handler, err) ->
                    new RuleWeaver(rule, advice, locator, handler, err));
        }
    }
}
