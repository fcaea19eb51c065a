package io.baton.engine.model;

import java.util.Locale;

/** What a pool does with its forecasts ({@code baton.pools.<p>.forecast.mode}). */
public enum ForecastMode {
    /** No forecast is made; forecast rules never fire. */
    OFF,
    /** Forecast decisions are journaled as FORECAST and nothing acts. */
    FORECAST_ONLY,
    /** Forecast decisions scale the pool out, through the guardrails. */
    SCALE;

    /** {@code off}, {@code forecast-only} or {@code scale}. */
    public static ForecastMode parse(String s) {
        if (s == null || s.isBlank()) return OFF;
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "forecast-only", "forecast_only" -> FORECAST_ONLY;
            case "scale" -> SCALE;
            default -> throw new IllegalArgumentException("forecast mode must be off, forecast-only or scale, got '" + s + "'");
        };
    }

    /** As the configuration spells it. */
    public String key() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
}
