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
 * {@code <tmp>/baton-node-classes-<digest>}, into which the node's class files are copied once per
 * build (the digest of the class files names it, so restarts reuse it and nothing piles up).
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
        return plain != null ? plain.toString() : shared();
    }

    /** The shared extraction directory, made on first use. */
    static String shared() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "baton-node-classes-" + digest());
            if (!Files.isRegularFile(dir.resolve(NODE_CLASSES[0]))) {
                Path tmp = Files.createTempDirectory("baton-node-classes");
                extractTo(tmp);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isRegularFile(dir.resolve(NODE_CLASSES[0]))) throw raced;
                }
            }
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

    /** A short digest of the node's class files, so each build extracts once and runs reuse it. */
    static String digest() throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (String name : NODE_CLASSES) {
                try (InputStream in = NodeServer.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) throw new IOException("class file " + name + " not found on the class path");
                    md.update(in.readAllBytes());
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
