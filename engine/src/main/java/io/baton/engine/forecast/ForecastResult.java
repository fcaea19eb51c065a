package io.baton.engine.forecast;

/**
 * A forecast, or why there is none.
 *
 * @param method how it was made ({@code seasonal-naive daily}, {@code holt-winters weekly}...), null with no forecast
 * @param values the forecast, one per step after the last reading; empty with no forecast
 * @param reason why there is no forecast, null when there is one
 */
public record ForecastResult(String method, double[] values, String reason) {

    public static ForecastResult none(String reason) { return new ForecastResult(null, new double[0], reason); }

    public boolean present() { return reason == null; }
}
