package io.baton.app.api;

import io.baton.app.config.BatonProperties;
import io.baton.app.engine.EngineService;
import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleError;
import io.baton.engine.scenario.Scenario;
import io.baton.engine.scenario.ScenarioLoader;
import io.baton.engine.scenario.ScenarioResult;
import io.baton.engine.scenario.ScenarioRules;
import io.baton.engine.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the console's rule editor (OPS only, as all of {@code /api/rules}): a policy file's text, and a run of
 * the directory's scenarios ({@code tests/*.yaml}) against the files as they are on disk, with pass or
 * fail per scenario.
 */
@RestController
@RequestMapping("/api/rules")
class RuleFilesController {
    private final EngineService engine;
    private final BatonProperties props;

    RuleFilesController(EngineService engine, BatonProperties props) {
        this.engine = engine;
        this.props = props;
    }

    /** One scenario's result: its file, name, whether it passed, the actions carried out and each failure. */
    record ScenarioJson(String file, String name, boolean passed, List<String> actions, List<String> failures) { }

    /** The run: the rule errors when the files do not compile (then no scenario ran), else each scenario. */
    record ScenariosJson(boolean ok, List<String> errors, List<ScenarioJson> scenarios) { }

    @GetMapping(value = "/files/{file}", produces = MediaType.TEXT_PLAIN_VALUE)
    String file(@PathVariable String file) {
        Map<String, String> files = RuleCompiler.readDir(engine.policies().dir());
        String text = files.get(file);
        if (text == null) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no policy file named " + file);
        return text;
    }

    @PostMapping("/scenarios")
    ResponseEntity<ScenariosJson> scenarios() {
        Path dir = engine.policies().dir();
        RuleCompiler compiler = new RuleCompiler(props.rules().mode());
        Map<String, String> files = RuleCompiler.readDir(dir);
        CompileResult compiled = compiler.compile(files);
        if (!compiled.ok()) {
            return ResponseEntity.status(422).body(new ScenariosJson(false, compiled.errors().stream().map(RuleError::toString).toList(), List.of()));
        }
        try {
            List<ScenarioJson> out = new ArrayList<>();
            Path tests = dir.resolve("tests");
            if (Files.isDirectory(tests)) {
                ScenarioRunner runner = new ScenarioRunner();
                try (ScenarioRules sets = new ScenarioRules(compiled.ruleSet(), files)) { // as the gate runs them
                    for (Path f : ScenarioLoader.find(tests)) {
                        String name = "tests/" + tests.relativize(f).toString().replace('\\', '/');
                        try {
                            Scenario sc = ScenarioLoader.load(f);
                            ScenarioResult r = runner.run(sc, sets.forScenario(sc));
                            out.add(new ScenarioJson(name, r.name(), r.passed(), r.actions(), r.failures()));
                        } catch (RuntimeException e) {
                            out.add(new ScenarioJson(name, name, false, List.of(), List.of(String.valueOf(e.getMessage()))));
                        }
                    }
                }
            }
            boolean ok = out.stream().allMatch(ScenarioJson::passed);
            return ResponseEntity.status(ok ? 200 : 422).body(new ScenariosJson(ok, List.of(), out));
        } finally {
            compiler.release(compiled.ruleSet());
        }
    }
}
