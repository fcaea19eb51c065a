package io.baton.actuators.local;

import io.baton.actuators.node.NodeServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;

/**
 * Finds a class path from which {@code java} can start {@link NodeServer}: the code source of this
 * module when it is a plain directory or jar, otherwise (a jar nested in a Spring Boot fat jar, say)
 * a temporary directory into which the node's class files are copied once.
 */
final class NodeClasspath {
    /** The class files the node needs: NodeServer uses lambdas and method references only, no inner classes. */
    static final String[] NODE_CLASSES = {"io/baton/actuators/node/NodeServer.class"};
    private static volatile String cached;

    private NodeClasspath() { }

    static String resolve() {
        String cp = cached;
        if (cp == null) {
            synchronized (NodeClasspath.class) {
                if (cached == null) cached = compute();
                cp = cached;
            }
        }
        return cp;
    }

    private static String compute() {
        Path plain = plainCodeSource();
        if (plain != null) return plain.toString();
        try {
            Path dir = Files.createTempDirectory("baton-node-classes");
            extractTo(dir);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the node classes", e);
        }
    }

    /** The code source when it is a directory or a jar file on disk; null otherwise. */
    static Path plainCodeSource() {
        CodeSource cs = NodeServer.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) return null;
        URL url = cs.getLocation();
        if (!"file".equals(url.getProtocol())) return null;
        try {
            Path p = Path.of(url.toURI());
            if (Files.isDirectory(p) || (Files.isRegularFile(p) && p.toString().endsWith(".jar"))) return p;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** Copies the node's class files under {@code dir} (package folders included). */
    static void extractTo(Path dir) throws IOException {
        for (String name : NODE_CLASSES) {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = NodeServer.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) throw new IOException("class file " + name + " not found on the class path");
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
