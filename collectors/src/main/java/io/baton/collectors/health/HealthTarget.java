package io.baton.collectors.health;

/** A node to probe: {@code address} is {@code host:port} (or a full http URL). */
public record HealthTarget(String pool, String node, String address) {
}
