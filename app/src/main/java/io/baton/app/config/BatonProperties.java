package io.baton.app.config;

import io.baton.engine.schema.Measurements;
import io.baton.engine.rules.RuleMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Baton's own configuration under {@code baton.*}; the collectors and actuators bind their own keys, and the
 * pools ({@code baton.pools.*}) are the pool catalog's.
 * Validated at start-up: a bad value stops the service with a message that names the key.
 *
 * @param dryRun record every decision, dispatch none (all pools)
 */
@ConfigurationProperties("baton")
@Validated
public record BatonProperties(@Valid @DefaultValue Rules rules, @Valid @DefaultValue Engine engine,
                              Map<String, @Valid Customer> customers,
                              @Valid @DefaultValue Security security, @DefaultValue("false") boolean dryRun) {

    public BatonProperties {
        customers = customers == null ? Map.of() : new LinkedHashMap<>(customers);
    }

    /**
     * @param dir the policy directory
     * @param reloadInterval how often it is checked for changes
     * @param mode {@code drl} (any policy file: DRL is code) or {@code sentences} (only .dslr in the shipped sentences)
     */
    public record Rules(@DefaultValue("rules") @NotBlank String dir, @DefaultValue("2s") Duration reloadInterval,
                        @DefaultValue("drl") RuleMode mode) { }

    /**
     * How the engine keeps its state; see {@code EngineSettings}.
     *
     * @param targetWindow target tracking judges the pool's mean over this window (whole seconds, at most the history)
     * @param targetTolerance target tracking acts only when |average / target - 1| is above this
     * @param ingestThreads 2 to fold large groups of samples in on a second thread beside the engine's, split by pool; 1 for one thread
     */
    public record Engine(@DefaultValue("720") @Min(60) int historySeconds, @DefaultValue("300") @Min(60) int nodeHistorySeconds,
                         @DefaultValue(Measurements.LATENCY_P95) Set<String> nodeMetrics, @DefaultValue("false") boolean rawSamples,
                         @DefaultValue("15") @Min(1) int silenceGraceSeconds, @DefaultValue("1s") Duration tick,
                         @DefaultValue("4096") @Min(16) int queueCapacity, @DefaultValue("10000") @Min(100) int journalCapacity,
                         @DefaultValue("5s") Duration scrapeInterval, @DefaultValue("10s") Duration maxFuture,
                         @DefaultValue("64") @Min(1) int maxMetricsPerPool, @DefaultValue("10000") @Min(100) int fireLimit,
                         @DefaultValue("60s") Duration targetWindow,
                         @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) double targetTolerance,
                         @DefaultValue("2") @Min(1) @Max(2) int ingestThreads) {

        public Engine {
            // a history below its @Min is reported by the validation, under its own key
            if (targetWindow.isNegative() || targetWindow.toMillis() < 1000 || targetWindow.toMillis() % 1000 != 0
                    || (historySeconds >= 60 && targetWindow.toSeconds() > historySeconds)) {
                throw new IllegalArgumentException("baton.engine.target-window must be whole seconds from 1s to baton.engine.history-seconds ("
                        + historySeconds + "s), got " + targetWindow);
            }
        }
    }

    /**
     * A customer of self-service: its token and the most nodes it may hold across its pools; optionally an ingest
     * token, with which line-protocol ingest accepts points of this customer's pools only, and a cost budget.
     */
    public record Customer(@NotBlank String token, @DefaultValue("10") @Min(0) int quota, @DefaultValue("") String ingestToken,
                           @Valid @DefaultValue Budget budget) { }

    /**
     * A customer's cost budget: at most {@code perDay} a UTC day, in the currency of its price
     * ({@code baton.reports.prices.<customer>}); none when empty.
     */
    public record Budget(@DecimalMin("0") BigDecimal perDay) { }

    /** Operator credentials (bearer tokens). */
    public record Security(@DefaultValue("") String opsToken, @DefaultValue("") String billingToken) { }

}
