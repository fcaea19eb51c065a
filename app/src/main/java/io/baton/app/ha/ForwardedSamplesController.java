package io.baton.app.ha;

import io.baton.app.engine.EngineService;
import io.baton.engine.model.Sample;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/internal/samples} (OPS): samples a follower received, for this leader's engine, one
 * per line as {@code pool TAB node TAB metric TAB value TAB epoch-millis}. They pass the engine's own
 * checks like any other (unknown nodes, future or stale times are dropped and counted).
 */
@RestController
class ForwardedSamplesController {
    private final EngineService engine;

    ForwardedSamplesController(EngineService engine) {
        this.engine = engine;
    }

    @PostMapping("/api/internal/samples")
    ResponseEntity<String> samples(@RequestBody String body) {
        if (!engine.leads()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body("this replica does not lead");
        }
        List<Sample> out = new ArrayList<>();
        int line = 0;
        for (String l : body.split("\n")) {
            line++;
            if (l.isEmpty()) continue;
            String[] f = l.split("\t", -1);
            if (f.length != 5) return ResponseEntity.badRequest().body("line " + line + ": expected 5 tab-separated fields");
            try {
                out.add(new Sample(f[0], f[1], f[2], Double.parseDouble(f[3]), Long.parseLong(f[4])));
            } catch (NumberFormatException e) {
                return ResponseEntity.badRequest().body("line " + line + ": " + e.getMessage());
            }
        }
        engine.accept(out);
        return ResponseEntity.noContent().build();
    }
}
