package io.eventweave.agent.rules;

import java.io.PrintStream;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.StackSize;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.LongConstant;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves one {@link Rule} into a matched type: for each method it names, the values are resolved against the class
 * files (the argument's declared type, then each field or accessor of the path), the site is numbered
 * ({@link RuleSites}), and {@link RuleAdvice} is woven with those reads bound to its parameters. A value the method
 * cannot have is one line on stderr, and that rule is skipped for that method.
 */
final class RuleWeaver implements AgentBuilder.Transformer {
    /** {@code io.eventweave.runtime.RulePaths.bootstrap}, on the boot class path where every class can link it. */
    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, "io/eventweave/runtime/RulePaths",
            "bootstrap", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/String;)Ljava/lang/invoke/CallSite;", false);

    private final Rule rule;
    private final TypeDescription advice;
    private final ClassFileLocator adviceClasses;
    private final Advice.ExceptionHandler exceptionHandler;
    private final PrintStream err;

    RuleWeaver(Rule rule, TypeDescription advice, ClassFileLocator adviceClasses,
            Advice.ExceptionHandler exceptionHandler, PrintStream err) {
        this.rule = rule;
        this.advice = advice;
        this.adviceClasses = adviceClasses;
        this.exceptionHandler = exceptionHandler;
        this.err = err;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
            ClassLoader classLoader, JavaModule module, ProtectionDomain protectionDomain) {
        if (module != null && module.isNamed()) {
            // a named module (the JDK's own, or an application's module path) does not read the runtime's unnamed
            // module: the woven code could not reach RuleEvents
            err.println("eventweave: " + rule.describe() + ": " + type.getName() + " is in the named module "
                    + module.getActualName() + "; rules weave classes of the class path only, so that rule is "
                    + "skipped for it");
            RuleSites.matched(rule);
            return builder;
        }
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (!method.isMethod() || method.isAbstract() || method.isNative() || method.isBridge()
                    || method.isSynthetic() || !rule.matchesName(method.getName()) || !parametersMatch(method)) {
                continue;
            }
            RuleSites.matched(rule);
            List<Read> reads = new ArrayList<>();
            List<RuleSite.Value> values = new ArrayList<>();
            try {
                for (Rule.Field field : rule.fields) {
                    if (field.value.isConstant()) {
                        values.add(new RuleSite.Value(field, RuleSite.Storage.CONSTANT, -1));
                        continue;
                    }
                    if (reads.size() == io.eventweave.runtime.RuleFields.CAPACITY) {
                        throw new IllegalArgumentException("a rule reads at most "
                                + io.eventweave.runtime.RuleFields.CAPACITY + " values (constants do not count)");
                    }
                    Read read = resolve(field, type, method);
                    values.add(new RuleSite.Value(field, read.storage, reads.size()));
                    reads.add(read);
                }
            } catch (IllegalArgumentException e) {
                err.println("eventweave: " + rule.describe() + ": " + e.getMessage() + ", in " + type.getName() + "."
                        + method.getName() + method.getDescriptor() + "; that rule is skipped for that method");
                continue;
            }
            // the slots' sections this rule's events use, before this class can run (once per ring and family; the
            // first time on this thread, which is bringing up the weaving, not on an application's hot path)
            io.eventweave.runtime.Emit.makeSections(io.eventweave.runtime.EventKind.Family.RULE);
            io.eventweave.runtime.Emit.makeSections(rule.kind.completedInto());
            int site = RuleSites.add(new RuleSite(rule, type.getName(), method.getName(), List.copyOf(values)));
            int on = rule.on == Rule.On.RETURN ? RuleAdvice.ON_RETURN
                    : rule.on == Rule.On.THROW ? RuleAdvice.ON_THROW : RuleAdvice.ON_BOTH;
            Advice woven = Advice.withCustomMapping()
                    .bind(RuleAdvice.Nesting.class, RuleSites.nestingKey(rule, method.getName()))
                    .bind(RuleAdvice.Site.class, site)
                    .bind(RuleAdvice.On.class, on)
                    .bind(RuleAdvice.Count.class, reads.size())
                    .bind(new ValueFactory<>(RuleAdvice.Ref.class, reads, false))
                    .bind(new ValueFactory<>(RuleAdvice.Number.class, reads, true))
                    .to(advice, adviceClasses)
                    .withExceptionHandler(exceptionHandler);
            builder = builder.visit(woven.on(ElementMatchers.is(method)));
        }
        return builder;
    }

    private boolean parametersMatch(MethodDescription method) {
        if (rule.parameters == null) {
            return true;
        }
        List<TypeDescription> types = method.getParameters().asTypeList().asErasures();
        if (types.size() != rule.parameters.size()) {
            return false;
        }
        for (int i = 0; i < types.size(); i++) {
            String wanted = rule.parameters.get(i);
            if (!wanted.equals(types.get(i).getName()) && !wanted.equals(types.get(i).getActualName())) {
                return false;
            }
        }
        return true;
    }

    /** How one value is read where the method ends: its root, the path's steps, and where it goes in the slot. */
    static final class Read {
        final ValueExpression.Root root;
        final int argument;
        final TypeDescription rootType;
        /** The {@link io.eventweave.runtime.RulePaths} steps, one per line; empty: the root as it is. */
        final String steps;
        final TypeDescription valueType;
        final RuleSite.Storage storage;

        Read(ValueExpression.Root root, int argument, TypeDescription rootType, String steps,
                TypeDescription valueType, RuleSite.Storage storage) {
            this.root = root;
            this.argument = argument;
            this.rootType = rootType;
            this.steps = steps;
            this.valueType = valueType;
            this.storage = storage;
        }
    }

    private static Read resolve(Rule.Field field, TypeDescription type, MethodDescription method) {
        ValueExpression value = field.value;
        TypeDescription rootType;
        switch (value.root) {
            case ARGUMENT:
                if (value.argument >= method.getParameters().size()) {
                    throw new IllegalArgumentException("field '" + field.name + "' reads arg" + value.argument + " of a "
                            + "method with " + method.getParameters().size() + " parameter"
                            + (method.getParameters().size() == 1 ? "" : "s"));
                }
                rootType = method.getParameters().get(value.argument).getType().asErasure();
                break;
            case THIS:
                if (method.isStatic()) {
                    throw new IllegalArgumentException("field '" + field.name + "' reads 'this' of a static method");
                }
                rootType = type;
                break;
            case RETURN:
                if (method.getReturnType().represents(void.class)) {
                    throw new IllegalArgumentException("field '" + field.name + "' reads 'return' of a method that "
                            + "returns nothing");
                }
                rootType = method.getReturnType().asErasure();
                break;
            default: // THROWN
                rootType = TypeDescription.ForLoadedType.of(Throwable.class);
                break;
        }
        StringBuilder steps = new StringBuilder();
        TypeDescription current = rootType;
        String where = value.root == ValueExpression.Root.ARGUMENT ? "arg" + value.argument
                : value.root.name().toLowerCase(java.util.Locale.ROOT);
        for (String name : value.path) {
            if (current.isPrimitive()) {
                throw new IllegalArgumentException("field '" + field.name + "': " + where + " is a "
                        + current.getName() + ", which has no '" + name + "'");
            }
            Member member = member(current, name, type);
            if (member == null) {
                throw new IllegalArgumentException("field '" + field.name + "': " + current.getName() + " has no "
                        + "field or no-argument accessor '" + name + "' (" + name + "(), get" + capitalized(name)
                        + "(), is" + capitalized(name) + "()) that " + type.getName() + " can read");
            }
            if (steps.length() > 0) {
                steps.append('\n');
            }
            steps.append(member.step);
            current = member.type;
            where = where + "." + name;
        }
        RuleSite.Storage storage;
        if (value.unit == ValueExpression.Unit.TEXT) {
            steps.append(steps.length() > 0 ? "\nT" : "T");
            current = TypeDescription.ForLoadedType.of(String.class);
            storage = RuleSite.Storage.REF;
        } else if (current.represents(boolean.class)) {
            storage = RuleSite.Storage.BOOLEAN;
        } else if (current.represents(double.class) || current.represents(float.class)) {
            storage = RuleSite.Storage.FLOATING;
        } else if (current.isPrimitive()) {
            storage = RuleSite.Storage.INTEGER;
        } else {
            storage = RuleSite.Storage.REF;
        }
        if (steps.length() > 0) {
            ClassFileVersion version = type.getClassFileVersion();
            if (version != null && version.isLessThan(ClassFileVersion.JAVA_V7)) {
                throw new IllegalArgumentException("field '" + field.name + "' reads a path, which needs a class "
                        + "compiled for Java 7 or later (this one is " + version + ")");
            }
        }
        return new Read(value.root, value.argument, rootType, steps.toString(), current, storage);
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** One step of a path: its {@code RulePaths} line and the type it leads to. */
    private static final class Member {
        final String step;
        final TypeDescription type;

        Member(String step, TypeDescription type) {
            this.step = step;
            this.type = type;
        }
    }

    /**
     * The accessor ({@code name()}, {@code getName()}, {@code isName()} for a boolean) or else the field {@code name}
     * of {@code owner} or its supertypes that {@code reader} may use, or null.
     */
    private static Member member(TypeDescription owner, String name, TypeDescription reader) {
        String getter = "get" + capitalized(name);
        String is = "is" + capitalized(name);
        List<TypeDescription> hierarchy = hierarchy(owner);
        for (String candidate : List.of(name, getter, is)) {
            for (TypeDescription declaring : hierarchy) {
                for (MethodDescription.InDefinedShape m : declaring.getDeclaredMethods()) {
                    if (m.isMethod() && !m.isStatic() && m.getParameters().isEmpty() && m.getName().equals(candidate)
                            && !m.getReturnType().represents(void.class)
                            && (!candidate.equals(is) || m.getReturnType().represents(boolean.class))
                            && visible(declaring, m.isPublic(), m.isPrivate(), reader)) {
                        return new Member("M " + declaring.getName() + " " + m.getName() + " " + m.getDescriptor(),
                                m.getReturnType().asErasure());
                    }
                }
            }
        }
        for (TypeDescription declaring : hierarchy) {
            for (FieldDescription.InDefinedShape f : declaring.getDeclaredFields()) {
                if (!f.isStatic() && f.getName().equals(name)
                        && visible(declaring, f.isPublic(), f.isPrivate(), reader)) {
                    return new Member("F " + declaring.getName() + " " + name + " ()"
                            + f.getType().asErasure().getDescriptor(), f.getType().asErasure());
                }
            }
        }
        return null;
    }

    /** Whether code in {@code reader} may use a member of {@code declaring} so declared. */
    private static boolean visible(TypeDescription declaring, boolean isPublic, boolean isPrivate,
            TypeDescription reader) {
        if (declaring.equals(reader)) {
            return true;
        }
        if (isPublic && declaring.isPublic()) {
            return true;
        }
        return !isPrivate && samePackage(declaring, reader);
    }

    private static boolean samePackage(TypeDescription a, TypeDescription b) {
        String pa = a.getName().lastIndexOf('.') < 0 ? "" : a.getName().substring(0, a.getName().lastIndexOf('.'));
        String pb = b.getName().lastIndexOf('.') < 0 ? "" : b.getName().substring(0, b.getName().lastIndexOf('.'));
        return pa.equals(pb);
    }

    /** {@code type}, its superclasses, then every interface they implement, each once. */
    private static List<TypeDescription> hierarchy(TypeDescription type) {
        Set<TypeDescription> seen = new LinkedHashSet<>();
        Deque<TypeDescription> interfaces = new ArrayDeque<>();
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            TypeDescription erasure = t.asErasure();
            seen.add(erasure);
            interfaces.addAll(erasure.getInterfaces().asErasures());
        }
        while (!interfaces.isEmpty()) {
            TypeDescription i = interfaces.poll();
            if (seen.add(i)) {
                interfaces.addAll(i.getInterfaces().asErasures());
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Binds {@link RuleAdvice.Ref} (references) or {@link RuleAdvice.Number} (numbers) parameters: the value of that
     * index when it is stored so, else null or 0.
     */
    private static final class ValueFactory<T extends java.lang.annotation.Annotation>
            implements Advice.OffsetMapping.Factory<T> {
        private final Class<T> annotation;
        private final List<Read> reads;
        private final boolean numbers;

        ValueFactory(Class<T> annotation, List<Read> reads, boolean numbers) {
            this.annotation = annotation;
            this.reads = reads;
            this.numbers = numbers;
        }

        @Override
        public Class<T> getAnnotationType() {
            return annotation;
        }

        @Override
        public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                AnnotationDescription.Loadable<T> annotationValue, AdviceType adviceType) {
            int index = numbers ? ((RuleAdvice.Number) annotationValue.load()).value()
                    : ((RuleAdvice.Ref) annotationValue.load()).value();
            Read read = index < reads.size() ? reads.get(index) : null;
            boolean stored = read != null && (read.storage == RuleSite.Storage.REF) != numbers;
            return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) -> {
                StackManipulation value;
                if (!stored) {
                    value = numbers ? LongConstant.ZERO : NullConstant.INSTANCE;
                } else {
                    value = new StackManipulation.Compound(load(read, instrumentedMethod, argumentHandler),
                            convert(read));
                }
                return new Advice.OffsetMapping.Target.ForStackManipulation(value);
            };
        }
    }

    private static StackManipulation load(Read read, MethodDescription method, Advice.ArgumentHandler handler) {
        switch (read.root) {
            case ARGUMENT: {
                ParameterDescription parameter = method.getParameters().get(read.argument);
                return MethodVariableAccess.of(parameter.getType()).loadFrom(handler.argument(parameter.getOffset()));
            }
            case THIS:
                return MethodVariableAccess.loadThis();
            case RETURN:
                return MethodVariableAccess.of(method.getReturnType()).loadFrom(handler.returned());
            default:
                return MethodVariableAccess.REFERENCE.loadFrom(handler.thrown());
        }
    }

    /** From the root on the stack to the value the advice parameter takes (Object or long). */
    private static StackManipulation convert(Read read) {
        if (!read.steps.isEmpty()) {
            return new PathCall(read.rootType, read.steps, read.storage != RuleSite.Storage.REF);
        }
        if (read.storage == RuleSite.Storage.REF) {
            return StackManipulation.Trivial.INSTANCE;
        }
        return new WidenToLong(read.rootType);
    }

    /** {@code invokedynamic} of {@code RulePaths.bootstrap}: (root) -> Object or long. */
    private static final class PathCall extends StackManipulation.AbstractBase {
        private final TypeDescription root;
        private final String steps;
        private final boolean number;

        PathCall(TypeDescription root, String steps, boolean number) {
            this.root = root;
            this.steps = steps;
            this.number = number;
        }

        @Override
        public Size apply(MethodVisitor visitor, Implementation.Context context) {
            visitor.visitInvokeDynamicInsn("path", "(" + root.getDescriptor() + ")"
                    + (number ? "J" : "Ljava/lang/Object;"), BOOTSTRAP, steps);
            int in = root.getStackSize().getSize();
            int out = number ? 2 : 1;
            return new Size(out - in, Math.max(0, out - in));
        }
    }

    /** A primitive on the stack to the long the slot keeps: widened, a boolean as 0/1, a float as a double's bits. */
    private static final class WidenToLong extends StackManipulation.AbstractBase {
        private final TypeDescription type;

        WidenToLong(TypeDescription type) {
            this.type = type;
        }

        @Override
        public Size apply(MethodVisitor visitor, Implementation.Context context) {
            if (type.represents(long.class)) {
                return StackSize.ZERO.toIncreasingSize();
            }
            if (type.represents(double.class) || type.represents(float.class)) {
                if (type.represents(float.class)) {
                    visitor.visitInsn(Opcodes.F2D);
                }
                visitor.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J",
                        false);
                return new Size(type.represents(float.class) ? 1 : 0, 1);
            }
            visitor.visitInsn(Opcodes.I2L); // int, short, byte, char, boolean (0/1 on the stack)
            return new Size(1, 1);
        }
    }
}
