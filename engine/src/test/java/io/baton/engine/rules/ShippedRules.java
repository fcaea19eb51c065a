package io.baton.engine.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shipped policies (and their scenarios), copied where a test may change them. */
public final class ShippedRules {
    public static final Path DIR = Path.of("../rules");

    private ShippedRules() { }

    /** Copies {@code rules/} with its {@code tests/} into {@code dir}. */
    public static void copyTo(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(DIR.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
    }
}
