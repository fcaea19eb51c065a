package io.baton.engine.rules;

import java.util.List;

/** Either a compiled rule set or the errors that stopped it, at most one per file (the first). */
public record CompileResult(RuleSet ruleSet, List<RuleError> errors) {

    public boolean ok() { return ruleSet != null; }
}
