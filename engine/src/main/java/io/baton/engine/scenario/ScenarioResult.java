package io.baton.engine.scenario;

import java.util.List;

/**
 * How a scenario went: the actions that happened (one line each, with the time after start) and what
 * did not match the expectations. It passed when {@code failures} is empty.
 */
public record ScenarioResult(String name, String file, List<String> actions, List<String> failures) {

    public boolean passed() { return failures.isEmpty(); }
}
