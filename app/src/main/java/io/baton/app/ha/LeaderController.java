package io.baton.app.ha;

import io.baton.state.HaStatus;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/leader} on any replica: who leads, under which epoch, since when, and whether it is this one. */
@RestController
class LeaderController {
    private final HaStatus ha;

    LeaderController(HaStatus ha) {
        this.ha = ha;
    }

    /** {@code leader} is null while no replica holds a live lease. */
    record LeaderJson(String leader, long epoch, boolean self, Instant since, String replica) { }

    /** 503 with Retry-After while the shared database has not been reached and migrated since start. */
    @GetMapping("/api/leader")
    ResponseEntity<?> leader() {
        if (!ha.schemaReady()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .body(Map.of("status", 503, "error", "the shared database has not answered since start: retry shortly", "replica", ha.replicaId()));
        }
        HaStatus.Leader l = ha.leader();
        return ResponseEntity.ok(new LeaderJson(l.leader(), l.epoch(), l.self(), l.leader() == null ? null : l.since(), ha.replicaId()));
    }
}
