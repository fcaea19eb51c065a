package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleStatus;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The running policies: status, validation, and atomic upload of one file (OPS only: DRL is code). */
@RestController
@RequestMapping("/api/rules")
class RulesController {
    private final EngineService engine;

    RulesController(EngineService engine) {
        this.engine = engine;
    }

    record ErrorsJson(boolean ok, List<String> errors) {
        static ErrorsJson of(List<RuleError> errors) {
            return new ErrorsJson(errors.isEmpty(), errors.stream().map(RuleError::toString).toList());
        }
    }

    @GetMapping
    RuleStatus status() {
        return engine.policies().status();
    }

    /** Compiles the running files with the given ones ({@code {"file.drl": "content"}}) without installing anything. */
    @PostMapping("/validate")
    ResponseEntity<ErrorsJson> validate(@RequestBody Map<String, String> files) {
        List<RuleError> errors = engine.policies().validate(files);
        return ResponseEntity.status(errors.isEmpty() ? 200 : 422).body(ErrorsJson.of(errors));
    }

    /** Replaces one policy file: compiled with the others and swapped in atomically, or rejected with file:line errors. */
    @PutMapping("/{file}")
    ResponseEntity<Object> put(@PathVariable String file, @RequestBody String content) {
        List<RuleError> errors = engine.policies().put(file, content);
        if (!errors.isEmpty()) return ResponseEntity.status(422).body(ErrorsJson.of(errors));
        return ResponseEntity.ok(engine.policies().status());
    }
}
