package io.baton.collectors.scrape;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code baton.scrape.*}: Prometheus targets to scrape. */
@ConfigurationProperties("baton.scrape")
@Validated
public class ScrapeProperties {
    private boolean enabled = true;
    @Valid
    private List<Target> targets = new ArrayList<>();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<Target> getTargets() { return targets; }
    public void setTargets(List<Target> targets) { this.targets = targets; }

    /** One {@code /metrics} endpoint and the pool and node its samples belong to. */
    public static class Target {
        @NotBlank
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL such as http://host:9100/metrics")
        private String url;
        @NotBlank
        private String pool;
        @NotBlank
        private String node;
        @NotNull
        private Duration interval = Duration.ofSeconds(15);
        @NotNull
        private Duration timeout = Duration.ofSeconds(5);

        public Target() { }

        public Target(String url, String pool, String node, Duration interval, Duration timeout) {
            this.url = url;
            this.pool = pool;
            this.node = node;
            this.interval = interval;
            this.timeout = timeout;
        }

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getPool() { return pool; }
        public void setPool(String pool) { this.pool = pool; }
        public String getNode() { return node; }
        public void setNode(String node) { this.node = node; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }
}
