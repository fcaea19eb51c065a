package io.baton.engine.rules;

import java.util.List;

/**
 * What runs now and how the last reload went.
 *
 * @param version the running rule set's version
 * @param files the running files
 * @param digest hash of the running files' contents
 * @param loadedAt epoch millis of the running set's swap
 * @param lastErrors the errors of the last failed reload (empty when the last reload succeeded)
 * @param lastErrorAt epoch millis of that failure, or 0
 */
public record RuleStatus(long version, List<String> files, String digest, long loadedAt,
                         List<RuleError> lastErrors, long lastErrorAt) {
}
