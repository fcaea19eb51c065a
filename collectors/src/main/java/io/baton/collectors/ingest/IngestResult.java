package io.baton.collectors.ingest;

import java.util.List;

/**
 * What one write request produced: how many points were kept and why the others were not ({@code line N: why}).
 * {@code overloaded}: the store had no room, nothing was kept, the client should retry.
 */
public record IngestResult(int points, int samples, List<String> errors, int badLines, boolean overloaded) {
}
