package io.baton.collectors.health;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code baton.health.*}: HTTP health probes of nodes. */
@ConfigurationProperties("baton.health")
@Validated
public class HealthProperties {
    /** Path probed on {@code host:port} addresses. */
    @Pattern(regexp = "/\\S*", message = "must start with '/'")
    private String path = "/health";
    /** A probe slower than this counts as down. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(2);
    /** How often every target of the {@link HealthTargets} bean is probed. */
    @NotNull
    private Duration interval = Duration.ofSeconds(10);

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
}
