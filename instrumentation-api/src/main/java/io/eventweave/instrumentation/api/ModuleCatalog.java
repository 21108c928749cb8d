package io.eventweave.instrumentation.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The instrumentation modules of the agent jar, written as text when the jar is built ({@link #main}, run by
 * {@code agent/pom.xml} over the modules it packs) and read by the agent when it starts: each module's name,
 * description and class, and the types its instrumentations match. With it the agent offers every module's switch
 * and turns classes away by name without loading a single module class; a module's classes load only when Byte
 * Buddy comes up for a class some instrumentation wants, and the agent then checks that the module matches what the
 * catalog said ({@link Entry#types}).
 *
 * <p>Why a file made at build time rather than {@link ServiceLoader} in {@code premain}: making the 16 modules and
 * their 57 type instrumentations loaded 74 classes from the agent jar on the application's main thread before its
 * {@code main} ran (about a third of the classes the agent loads in a trivial application), for matches that are
 * the same on every run.
 *
 * <p>The format, one record per line, fields separated by tabs: {@code module <name> <class> <follows others: true
 * or false> <description>}, then for each of its type instrumentations, in order, {@code type named <name>[,<name>...]}
 * or {@code type prefix <prefix>} or {@code type subtypes <supertype>}. Lines starting with {@code #} are comments.
 */
public final class ModuleCatalog {
    /** Where the catalog is in the agent jar (among the agent core's resources). */
    public static final String RESOURCE = "META-INF/eventweave/instrumentation-modules.tsv";

    private ModuleCatalog() {
    }

    /** One module as the catalog describes it. */
    public record Entry(String name, String className, boolean followsOthers, String description,
            List<TypeMatch> types) {
        public Entry {
            types = List.copyOf(types);
        }

        /** What the catalog says of {@code module}, from the module itself. */
        public static Entry of(InstrumentationModule module) {
            return of(module, module.typeInstrumentations());
        }

        /** What the catalog says of {@code module}, whose type instrumentations are {@code instrumentations}. */
        public static Entry of(InstrumentationModule module, List<TypeInstrumentation> instrumentations) {
            List<TypeMatch> types = new ArrayList<>();
            for (TypeInstrumentation instrumentation : instrumentations) {
                types.add(instrumentation.types());
            }
            return new Entry(module.name(), module.getClass().getName(), module.followsOthers(),
                    module.description(), types);
        }
    }

    /** The catalog of {@code modules}, as the file holds it. */
    public static String write(List<Entry> modules) {
        StringBuilder text = new StringBuilder("# eventweave instrumentation modules, written when the agent jar was "
                + "built (io.eventweave.instrumentation.api.ModuleCatalog)\n");
        for (Entry module : modules) {
            text.append("module\t").append(field(module.name())).append('\t').append(field(module.className()))
                    .append('\t').append(module.followsOthers()).append('\t').append(field(module.description()))
                    .append('\n');
            for (TypeMatch type : module.types()) {
                text.append("type\t");
                if (type.supertype() != null) {
                    text.append("subtypes\t").append(field(type.supertype()));
                } else if (!type.prefixes().isEmpty()) {
                    text.append("prefix\t").append(field(type.prefixes().get(0)));
                } else {
                    List<String> names = new ArrayList<>(new TreeSet<>(type.names())); // the same file every build
                    for (String name : names) {
                        field(name);
                        if (name.indexOf(',') >= 0) {
                            throw new IllegalArgumentException("a type name with a comma: " + name);
                        }
                    }
                    text.append("named\t").append(String.join(",", names));
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static String field(String value) {
        if (value.isEmpty() || value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cannot be written in the module catalog: '" + value + "'");
        }
        return value;
    }

    /**
     * The modules of a catalog file, in its order.
     *
     * @throws IOException for a line that is not a record of the format, naming its line number
     */
    public static List<Entry> read(InputStream in) throws IOException {
        List<Entry> modules = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String name = null;
        String className = null;
        boolean follows = false;
        String description = null;
        List<TypeMatch> types = new ArrayList<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("module") && fields.length == 5
                    && (fields[3].equals("true") || fields[3].equals("false"))) {
                if (name != null) {
                    modules.add(new Entry(name, className, follows, description, types));
                }
                name = fields[1];
                className = fields[2];
                follows = Boolean.parseBoolean(fields[3]);
                description = fields[4];
                types = new ArrayList<>();
            } else if (fields[0].equals("type") && fields.length == 3 && name != null && !fields[2].isEmpty()) {
                switch (fields[1]) {
                    case "named" -> types.add(TypeMatch.named(fields[2].split(",")));
                    case "prefix" -> types.add(TypeMatch.nameStartsWith(fields[2]));
                    case "subtypes" -> types.add(TypeMatch.subtypesOf(fields[2]));
                    default -> throw new IOException("line " + number + " of the module catalog: unknown match '"
                            + fields[1] + "'");
                }
            } else {
                throw new IOException("line " + number + " of the module catalog is not a module or a type: " + line);
            }
        }
        if (name != null) {
            modules.add(new Entry(name, className, follows, description, types));
        }
        return Collections.unmodifiableList(modules);
    }

    /**
     * Writes the catalog of the modules {@link ServiceLoader} finds on this JVM's class path to the file
     * {@code args[0]}: the agent build's step. Fails (exit status 1) when there is none.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ModuleCatalog <output file>");
            System.exit(2);
        }
        List<Entry> modules = new ArrayList<>();
        for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
            modules.add(Entry.of(module));
        }
        if (modules.isEmpty()) {
            System.err.println("ModuleCatalog: no instrumentation module on the class path");
            System.exit(1);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write(write(modules));
        }
        System.out.println("ModuleCatalog: " + modules.size() + " modules written to " + out);
    }
}
