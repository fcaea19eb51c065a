package io.baton.actuators.local;

import java.io.IOException;
import java.nio.file.Path;

/** Opens {@link NodeClasspath}'s extraction to the node's tests. */
public final class NodeClasspathAccess {
    private NodeClasspathAccess() { }

    public static void extract(Path dir) throws IOException {
        NodeClasspath.extractTo(dir);
    }

    /** The fallback used inside a fat jar: the digest-named shared directory. */
    public static String shared() {
        return NodeClasspath.shared();
    }
}
