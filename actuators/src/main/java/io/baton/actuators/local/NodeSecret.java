package io.baton.actuators.local;

import io.baton.actuators.node.NodeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret of one data dir, {@code <data>/node-secret} (mode 0600): 32 random bytes in hex, made
 * once, the first time a node is started or looked for. Only Baton and the node processes it starts
 * (through {@value NodeServer#SECRET_ENV}) know it; a node proves it by answering a nonce with
 * {@link NodeServer#proof}.
 */
final class NodeSecret {
    private static final Logger log = LoggerFactory.getLogger(NodeSecret.class);
    static final String FILE = "node-secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private NodeSecret(String value) {
        this.value = value;
    }

    /** The data dir's secret, created when there is none yet (safe against another Baton doing the same). */
    static NodeSecret of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) create(file);
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node secret " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".node-secret", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, random(32) + "\n");
            Files.createLink(file, tmp); // fails when another Baton made it first: then its secret is the one
            log.info("created the node secret {}", file);
        } catch (FileAlreadyExistsException raced) {
            // keep the other one
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static NodeSecret read(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            log.warn("node secret {} was readable by others ({}); setting it to rw-------", file, PosixFilePermissions.toString(perms));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("node secret " + file + " is not 64 hex digits (move it away to make a new one;"
                    + " nodes started with the old one will then not be adopted)");
        }
        return new NodeSecret(text);
    }

    /** The secret's text, as the nodes get it. */
    String value() { return value; }

    /** Whether {@code proof} is the right answer to {@code nonce} (compared in constant time). */
    boolean proves(String nonce, String proof) {
        if (proof == null) return false;
        return MessageDigest.isEqual(NodeServer.proof(value, nonce).getBytes(StandardCharsets.US_ASCII),
                proof.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code candidate} is the secret (compared in constant time). */
    boolean is(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random nonce for a challenge. */
    static String nonce() {
        return random(16);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
