package io.eventweave.premain;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The agent jar's hidden zone (the agent core, the instrumentation modules, relocated Byte Buddy, jackson-core and the
 * clients: about 4,400 files) as one stored jar entry, {@link #ENTRY}, read by {@link AgentClassLoader}.
 *
 * <p>Why not one jar entry per file, as before: {@code new JarFile} reads and hashes the whole central directory when
 * it opens the jar, in the interpreter, on the thread that runs {@code premain}. For 4,493 entries that was 13-16 ms
 * (against 4-5 ms for the same jar without them, {@code JarFile} open plus one look-up in a fresh JVM), and the start
 * of both of the agent's start-up chains waits for it. Here the names are one sorted block, searched by bisection
 * for each class the agent loads (a few hundred), and nothing is done for the thousands it never loads. The classes
 * stay invisible to the application and to class-path scanners, as the {@code .classdata} names made them.
 *
 * <p>Format, big-endian, written by {@link #write} when the agent jar is built:
 * <pre>
 *   int magic ({@link #MAGIC}), int count, int namesLength
 *   count x (int nameEnd, int dataOffset, int dataLength)   nameEnd: where the name ends in the names block
 *   names: the UTF-8 names, sorted by unsigned bytes, one after the other
 *   data: the files' bytes; dataOffset counts from the start of data
 * </pre>
 * The entry is stored (the agent jar is built without compression), so reading a file is a skip and a read of its
 * bytes.
 */
public final class InstArchive {
    /** The archive's name in the agent jar. */
    public static final String ENTRY = "inst.pack";
    /** {@code EWI1}. */
    static final int MAGIC = 0x45574931;
    private static final int HEADER = 12;
    private static final int RECORD = 12;

    private final JarFile jar;
    private final JarEntry entry;
    /** The records (nameEnd, dataOffset, dataLength), as read. */
    private final byte[] table;
    private final byte[] names;
    private final int count;
    private final long dataStart;

    private InstArchive(JarFile jar, JarEntry entry, byte[] table, byte[] names, int count) {
        this.jar = jar;
        this.entry = entry;
        this.table = table;
        this.names = names;
        this.count = count;
        this.dataStart = HEADER + (long) table.length + names.length;
    }

    /** The archive of {@code jar}, or null when the jar has none (a jar built before it, or not an agent jar). */
    public static InstArchive open(JarFile jar) throws IOException {
        JarEntry entry = jar.getJarEntry(ENTRY);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] header = in.readNBytes(HEADER);
            if (header.length != HEADER || readInt(header, 0) != MAGIC) {
                throw new IOException(ENTRY + " in " + jar.getName() + " is not an eventweave archive");
            }
            int count = readInt(header, 4);
            int namesLength = readInt(header, 8);
            if (count < 0 || namesLength < 0 || count > (Integer.MAX_VALUE - HEADER) / RECORD) {
                throw new IOException(ENTRY + " in " + jar.getName() + " has a broken header");
            }
            byte[] table = in.readNBytes(count * RECORD);
            byte[] names = in.readNBytes(namesLength);
            if (table.length != count * RECORD || names.length != namesLength) {
                throw new IOException(ENTRY + " in " + jar.getName() + " ends inside its index");
            }
            return new InstArchive(jar, entry, table, names, count);
        }
    }

    /** The bytes of {@code name} ({@code io/eventweave/agent/AgentInstaller.class}), or null when it is not here. */
    public byte[] read(String name) throws IOException {
        int index = indexOf(name);
        if (index < 0) {
            return null;
        }
        int length = readInt(table, index * RECORD + 8);
        try (InputStream in = jar.getInputStream(entry)) {
            in.skipNBytes(dataStart + readInt(table, index * RECORD + 4));
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException(name + " in " + jar.getName() + " ends early");
            }
            return bytes;
        }
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The names, in order (for tests and tools: the loader never lists). */
    public List<String> names() {
        List<String> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(new String(names, nameStart(i), nameEnd(i) - nameStart(i), StandardCharsets.UTF_8));
        }
        return all;
    }

    private int indexOf(String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Arrays.compareUnsigned(names, nameStart(middle), nameEnd(middle), key, 0, key.length);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private int nameStart(int index) {
        return index == 0 ? 0 : nameEnd(index - 1);
    }

    private int nameEnd(int index) {
        return readInt(table, index * RECORD);
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }

    /**
     * Writes every regular file under {@code dir}, named by its path relative to {@code dir} with {@code /}, into an
     * archive at {@code out}. At build time (agent-jar, in the root pom).
     */
    static void write(Path dir, OutputStream out) throws IOException {
        List<Item> items = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                items.add(new Item(name.getBytes(StandardCharsets.UTF_8), file, Files.size(file)));
            }
        }
        items.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
        int namesLength = 0;
        long dataLength = 0;
        for (Item item : items) {
            namesLength += item.key.length;
            dataLength += item.size;
        }
        if (dataLength > Integer.MAX_VALUE) {
            throw new IOException("an archive holds at most 2 GB: " + dataLength + " bytes under " + dir);
        }
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(items.size());
        data.writeInt(namesLength);
        int nameEnd = 0;
        int offset = 0;
        for (Item item : items) {
            nameEnd += item.key.length;
            data.writeInt(nameEnd);
            data.writeInt(offset);
            data.writeInt((int) item.size);
            offset += (int) item.size;
        }
        for (Item item : items) {
            data.write(item.key);
        }
        for (Item item : items) {
            byte[] bytes = Files.readAllBytes(item.file);
            if (bytes.length != item.size) {
                throw new IOException(item.file + " changed while it was archived");
            }
            data.write(bytes);
        }
        data.flush();
    }

    /** A file to archive: its name's UTF-8 bytes (the sort key), its path and its size, each taken once. */
    private record Item(byte[] key, Path file, long size) {
    }

    /** {@code DIR OUT}: writes the archive of {@code DIR} to {@code OUT} (the build's agent-jar step). */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: InstArchive DIR OUT");
            System.exit(2);
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            write(Path.of(args[0]), out);
        }
    }
}
