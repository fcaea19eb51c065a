package io.baton.engine.rules;

import java.util.List;
import org.kie.api.KieServices;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.KieRepository;
import org.kie.api.builder.ReleaseId;

/**
 * A compiled set of policy files, installed in the KIE repository under {@code releaseId}, ready to run.
 *
 * @param version increases with every successful compile
 * @param files the files it was built from, relative to the rules directory
 * @param digest a hash of the files' contents, to tell whether anything changed
 * @param module the built module itself: the KIE repository keeps only the newest few versions of a
 *        module, so the engine puts a set it still needs (its fallback) back before it swaps to it
 */
public record RuleSet(long version, List<String> files, String digest, ReleaseId releaseId, KieModule module) {

    /** Makes sure the KIE repository holds this set, so a container can be made or updated from it. */
    public void ensureInstalled() {
        KieRepository repo = KieServices.Factory.get().getRepository();
        if (module != null && repo.getKieModule(releaseId) == null) repo.addKieModule(module);
    }
}
