package io.baton.collectors.ingest;

/**
 * The most one ingested line may hold; a line beyond either is refused as a bad line ({@code line N: ...}) and the
 * other lines of the body are kept.
 *
 * @param maxFields fields per line ({@code baton.ingest.max-fields-per-line}, default 256)
 * @param maxLineBytes bytes per line ({@code baton.ingest.max-line-length}, default 64 KiB)
 */
public record LineBounds(int maxFields, int maxLineBytes) {
    public static final LineBounds DEFAULT = new LineBounds(256, 64 * 1024);

    public LineBounds {
        if (maxFields < 1 || maxLineBytes < 1) throw new IllegalArgumentException("line bounds must be positive");
    }
}
