package io.eventweave.premain;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.SecureClassLoader;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent core from the {@code inst/} folder of the agent jar, where its classes are stored as
 * {@code .classdata} so that no other loader (and no class-path scanner of the application) can see them. Parent:
 * the platform loader, so the core sees the JDK and, through the bootstrap class path, {@code io.eventweave.runtime},
 * but never the application's classes.
 */
final class AgentClassLoader extends SecureClassLoader {
    private static final String PREFIX = "inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final CodeSource codeSource;
    /**
     * Opens this loader's resource URLs from {@link #jar} itself. The JDK's {@code jar:} handler would open the jar
     * a second time through {@code JarURLConnection} and its cache, loading that machinery in {@code premain} for the
     * first resource (the {@code ServiceLoader} file of the instrumentation modules).
     */
    private final URLStreamHandler entries = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL url) {
            String spec = url.toString();
            String entryName = spec.substring(spec.indexOf("!/") + 2);
            return new URLConnection(url) {
                @Override
                public void connect() {
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    JarEntry entry = jar.getJarEntry(entryName);
                    if (entry == null) {
                        throw new FileNotFoundException(entryName + " in " + jar.getName());
                    }
                    return jar.getInputStream(entry);
                }
            };
        }
    };

    AgentClassLoader(File agentJar, ClassLoader parent, boolean verify) throws IOException {
        super("eventweave", parent);
        this.jar = new JarFile(agentJar, verify);
        URL url = agentJar.toURI().toURL();
        this.jarUrl = "jar:" + url + "!/";
        this.codeSource = new CodeSource(url, (Certificate[]) null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = read(in, entry.getSize());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefined) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, codeSource);
    }

    /**
     * The entry's bytes into one array of its size, when the jar gives the size (it does for every entry the build
     * writes). {@code readAllBytes} would fill 16 KB buffers and copy them, which the interpreter does for each of the
     * hundreds of classes loaded while the agent starts.
     */
    private static byte[] read(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length || in.read() != -1) {
            throw new IOException("entry of " + size + " bytes read as " + read);
        }
        return bytes;
    }

    @Override
    protected URL findResource(String name) {
        String entryName = name.endsWith(".class")
                ? PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata"
                : PREFIX + name;
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL(null, jarUrl + entryName, entries);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A resource the agent jar holds is the agent's own: returned without asking the parent first. The platform
     * loader answers a name outside its modules' packages ({@code META-INF/services/...}, our class files) by
     * searching every module of the platform and boot layers, in {@code premain} for the first look-up, and none of
     * them holds our names.
     */
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** As {@link #getResource}: a name the agent jar holds has that one resource; others are the parent's. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        URL own = findResource(name);
        return own != null ? Collections.enumeration(Collections.singletonList(own)) : super.getResources(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
