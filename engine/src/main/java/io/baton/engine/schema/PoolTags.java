package io.baton.engine.schema;

/** The tags a pool's points carry besides pool and node, from {@code baton.pools.<name>.customer|service|software}. */
public record PoolTags(String customer, String service, String software) {
}
