package io.baton.engine.rules;

import java.util.List;
import org.kie.api.builder.ReleaseId;

/**
 * A compiled set of policy files, installed in the KIE repository under {@code releaseId}, ready to run.
 *
 * @param version increases with every successful compile
 * @param files the files it was built from, relative to the rules directory
 * @param digest a hash of the files' contents, to tell whether anything changed
 */
public record RuleSet(long version, List<String> files, String digest, ReleaseId releaseId) {
}
