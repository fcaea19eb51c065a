package io.baton.collectors.influx;

/** What the sink tags a pool's samples with, from {@code baton.pools.<name>.customer|service|software}. */
public record PoolMeta(String customer, String service, String software) {
}
