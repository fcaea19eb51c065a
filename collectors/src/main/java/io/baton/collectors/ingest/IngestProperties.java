package io.baton.collectors.ingest;

import io.baton.engine.schema.Tags;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code baton.ingest.*}: the InfluxDB-compatible line-protocol endpoint. */
@ConfigurationProperties("baton.ingest")
@Validated
public class IngestProperties {
    /** Whether the endpoint is served. */
    private boolean enabled = true;
    /**
     * When set (env BATON_INGEST_TOKEN), writes must carry it or another ingest token (401 otherwise); it may write
     * any pool. Customers' tokens ({@code baton.customers.<c>.ingest-token}) may write their own pools only.
     */
    private String token;
    /** Tag that names the pool of a point. */
    @NotBlank
    private String poolTag = Tags.POOL;
    /** Tag that names the node of a point (e.g. Telegraf's {@code host}). */
    @NotBlank
    private String nodeTag = Tags.NODE;
    /** Largest body accepted (after gzip decompression); larger gets 413. */
    @NotNull
    private DataSize maxBodySize = DataSize.ofMegabytes(25);
    /** How long a write may wait for room in the InfluxDB sink's buffer before it is answered 503 (retry). */
    @NotNull
    private java.time.Duration backpressureTimeout = java.time.Duration.ofSeconds(2);
    /** Most fields in one line; a line with more is refused as a bad line (the others are kept). */
    @Min(1)
    private int maxFieldsPerLine = LineBounds.DEFAULT.maxFields();
    /** Longest line; a longer one is refused as a bad line (the others are kept). */
    @NotNull
    private DataSize maxLineLength = DataSize.ofBytes(LineBounds.DEFAULT.maxLineBytes());
    /** Prefix of the endpoint paths ({@code /write}, {@code /api/v2/write}, {@code /ping}, {@code /query}). */
    @Pattern(regexp = "|/\\S*[^/]", message = "must be empty or start with '/' and not end with '/'")
    private String pathPrefix = "";

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getToken() { return token; }
    public void setToken(String token) { this.token = token; }
    public String getPoolTag() { return poolTag; }
    public void setPoolTag(String poolTag) { this.poolTag = poolTag; }
    public String getNodeTag() { return nodeTag; }
    public void setNodeTag(String nodeTag) { this.nodeTag = nodeTag; }
    public DataSize getMaxBodySize() { return maxBodySize; }
    public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }
    public java.time.Duration getBackpressureTimeout() { return backpressureTimeout; }
    public void setBackpressureTimeout(java.time.Duration backpressureTimeout) { this.backpressureTimeout = backpressureTimeout; }
    public int getMaxFieldsPerLine() { return maxFieldsPerLine; }
    public void setMaxFieldsPerLine(int maxFieldsPerLine) { this.maxFieldsPerLine = maxFieldsPerLine; }
    public DataSize getMaxLineLength() { return maxLineLength; }
    public void setMaxLineLength(DataSize maxLineLength) { this.maxLineLength = maxLineLength; }

    /** The line bounds as the parser takes them. */
    public LineBounds lineBounds() {
        return new LineBounds(maxFieldsPerLine, (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxLineLength.toBytes())));
    }

    public String getPathPrefix() { return pathPrefix; }
    public void setPathPrefix(String pathPrefix) { this.pathPrefix = pathPrefix; }
}
