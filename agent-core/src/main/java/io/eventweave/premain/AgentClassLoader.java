package io.eventweave.premain;

import java.io.ByteArrayInputStream;
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
import java.util.jar.JarFile;

/**
 * Loads the agent core from the agent jar's {@link InstArchive} ({@code inst.pack}), where no other loader (and no
 * class-path scanner of the application) can see its classes. Its resources have {@code jar:...!/inst/<name>} URLs,
 * opened by this loader. Parent: the platform loader, so the core sees the JDK and, through the bootstrap class path,
 * {@code io.eventweave.runtime}, but never the application's classes.
 */
final class AgentClassLoader extends SecureClassLoader {
    private static final String PREFIX = "inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final InstArchive archive;
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
                    byte[] bytes = entryName.startsWith(PREFIX) ? archive.read(entryName.substring(PREFIX.length()))
                            : null;
                    if (bytes == null) {
                        throw new FileNotFoundException(entryName + " in " + jar.getName());
                    }
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    };

    AgentClassLoader(File agentJar, ClassLoader parent, boolean verify) throws IOException {
        super("eventweave", parent);
        this.jar = new JarFile(agentJar, verify);
        InstArchive opened = InstArchive.open(jar);
        if (opened == null) {
            jar.close();
            throw new IOException(agentJar + " has no " + InstArchive.ENTRY + ": not an eventweave agent jar");
        }
        this.archive = opened;
        URL url = agentJar.toURI().toURL();
        this.jarUrl = "jar:" + url + "!/";
        this.codeSource = new CodeSource(url, (Certificate[]) null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = archive.read(name.replace('.', '/') + ".class");
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name);
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

    @Override
    protected URL findResource(String name) {
        if (!archive.contains(name)) {
            return null;
        }
        try {
            return new URL(null, jarUrl + PREFIX + name, entries);
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
