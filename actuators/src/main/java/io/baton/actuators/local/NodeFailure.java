package io.baton.actuators.local;

/**
 * A local node that died without being asked to (crash, {@code kill -9}, OOM). Handed to the failure
 * hooks registered with {@link LocalActuator#onNodeFailure}, e.g. for the app to ask for a replacement.
 *
 * @param pool the pool's name
 * @param node the node's id
 * @param exitCode the process's exit code when known, else -1
 * @param time epoch millis the failure was seen
 */
public record NodeFailure(String pool, String node, int exitCode, long time) { }
