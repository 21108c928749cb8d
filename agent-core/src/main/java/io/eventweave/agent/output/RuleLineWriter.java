package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.eventweave.agent.output.JsonEventEncoder.Segment;
import io.eventweave.agent.rules.RuleKind;
import io.eventweave.agent.rules.RuleSite;
import io.eventweave.agent.rules.RuleSites;
import io.eventweave.agent.rules.RuleValues;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.RuleFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer of configuration rules' own parts: a whole {@code app.<name>} / {@code app.method} line, and the
 * {@code labels.*} and {@code code.*} a built-in kind from a rule adds to its family's line. Fields are nested by
 * their dots ({@code download.url} is {@code "download":{"url":...}}); an object none of whose values is present is
 * left out with them. Each site's layout (the tree of its names, pre-encoded keys) is made the first time it writes.
 */
final class RuleLineWriter {
    private final JsonEventEncoder line;
    private final Map<RuleSite, Layout> layouts = new HashMap<>();
    /** The values of the line being written, by leaf; reused from line to line. */
    private Object[] values = new Object[8];

    RuleLineWriter(JsonEventEncoder line) {
        this.line = line;
    }

    /** An {@code app.*} line. */
    void write(EventSlot s) throws IOException {
        RuleFields raw = s.ruleSectionIfMade(); // made: the slot holds a rule's event
        RuleSite site = RuleSites.get(raw.site);
        Layout layout = layout(site);
        line.fastBegin(s, layout.eventOpen);
        line.fastTrace(s.trace);
        fields(layout, raw);
        if (s.error != null) {
            JsonGenerator gen = line.generator();
            gen.writeRaw(Segment.ERROR_TYPE);
            line.cachedText(JsonEventEncoder.errorName(s.error));
            gen.writeRaw(Segment.CLOSE);
        }
        line.endFastLine();
    }

    /** What a rule adds to a built-in kind's line ({@code labels.*}, {@code code.*}); nothing for other events. */
    void extras(EventSlot s) throws IOException {
        RuleFields raw = s.ruleSectionIfMade();
        if (raw == null || raw.site < 0) {
            return;
        }
        RuleSite site = RuleSites.get(raw.site);
        if (site != null) {
            fields(layout(site), raw);
        }
    }

    private Layout layout(RuleSite site) {
        Layout layout = layouts.get(site);
        if (layout == null) {
            layout = new Layout(site);
            layouts.put(site, layout);
        }
        return layout;
    }

    private void fields(Layout layout, RuleFields raw) throws IOException {
        int n = layout.leaves.size();
        if (values.length < n) {
            values = new Object[n];
        }
        Object[] values = this.values;
        for (int i = 0; i < n; i++) {
            Leaf leaf = layout.leaves.get(i);
            values[i] = leaf.value == null ? leaf.constant : RuleValues.read(leaf.value, raw);
        }
        JsonGenerator gen = line.generator();
        for (Node node : layout.root.children.values()) {
            if (!node.present(values)) {
                continue;
            }
            gen.writeRaw(node.rootKey);
            if (node.leaf != null) {
                value(gen, node.leaf, values[node.leaf.index]);
            } else {
                object(gen, node, values);
            }
        }
        java.util.Arrays.fill(values, 0, n, null); // keeps no application object alive
    }

    private void object(JsonGenerator gen, Node node, Object[] values) throws IOException {
        gen.writeStartObject();
        for (Node child : node.children.values()) {
            if (!child.present(values)) {
                continue;
            }
            gen.writeFieldName(child.name);
            if (child.leaf != null) {
                value(gen, child.leaf, values[child.leaf.index]);
            } else {
                object(gen, child, values);
            }
        }
        gen.writeEndObject();
    }

    /**
     * A value by its field's type: a duration (an {@code as ns|us|ms|s} value, or a duration field) in nanoseconds;
     * an application field keeps numbers and booleans; everything else is text.
     */
    private void value(JsonGenerator gen, Leaf leaf, Object v) throws IOException {
        if (leaf.durationUnit || leaf.type == RuleKind.FieldType.DURATION) {
            Long nanos = RuleValues.nanos(v, leaf.value.field.value.unit);
            if (nanos != null) {
                gen.writeNumber(nanos);
                return;
            }
        }
        if (leaf.type == RuleKind.FieldType.ANY) {
            if (v instanceof Boolean) {
                gen.writeBoolean((Boolean) v);
                return;
            }
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isFinite(d)) {
                    gen.writeNumber(d);
                } else {
                    line.text(Double.toString(d));
                }
                return;
            }
            if (v instanceof Number) {
                gen.writeNumber(((Number) v).longValue());
                return;
            }
        }
        line.text(RuleValues.text(v));
    }

    /** One named value of a site's line. */
    private static final class Leaf {
        final int index;
        /** Null for a value of the site itself ({@code code.*}). */
        final RuleSite.Value value;
        final Object constant;
        final RuleKind.FieldType type;
        final boolean durationUnit;

        Leaf(int index, RuleSite.Value value, Object constant, RuleKind.FieldType type) {
            this.index = index;
            this.value = value;
            this.constant = constant;
            this.type = type;
            this.durationUnit = value != null && value.field.value.unit.isDuration();
        }
    }

    /** A name in the tree of a site's field names: an object of children, or a value. */
    private static final class Node {
        final String name;
        final SerializableString rootKey;
        final Map<String, Node> children = new LinkedHashMap<>();
        Leaf leaf;

        Node(String name) {
            this.name = name;
            this.rootKey = Segment.raw(",\"" + name + "\":");
        }

        boolean present(Object[] values) {
            if (leaf != null) {
                return values[leaf.index] != null;
            }
            for (Node child : children.values()) {
                if (child.present(values)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A site's line layout. */
    private static final class Layout {
        final JsonEventEncoder.EventOpen eventOpen;
        final Node root = new Node("");
        final List<Leaf> leaves = new ArrayList<>();

        Layout(RuleSite site) {
            eventOpen = Segment.eventOpen(site.rule.kind.eventName);
            boolean application = site.rule.kind.application;
            for (RuleSite.Value value : site.values) {
                String name = value.field.name;
                if (value.field.type == RuleKind.FieldType.ERROR) {
                    continue; // error.type: the completion put it in the slot
                }
                if (application || name.startsWith("labels.")) {
                    add(name, new Leaf(leaves.size(), value, null, value.field.type));
                }
            }
            add("code.namespace", new Leaf(leaves.size(), null, site.namespace, RuleKind.FieldType.TEXT));
            add("code.function", new Leaf(leaves.size(), null, site.function, RuleKind.FieldType.TEXT));
        }

        private void add(String dotted, Leaf leaf) {
            leaves.add(leaf);
            Node node = root;
            for (String part : dotted.split("\\.")) {
                Node parent = node;
                node = parent.children.get(part);
                if (node == null) {
                    node = new Node(part);
                    parent.children.put(part, node);
                }
            }
            node.leaf = leaf;
        }
    }
}
