package io.baton.app.ha;

import io.baton.state.HaStatus;
import java.time.Instant;
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

    @GetMapping("/api/leader")
    LeaderJson leader() {
        HaStatus.Leader l = ha.leader();
        return new LeaderJson(l.leader(), l.epoch(), l.self(), l.leader() == null ? null : l.since(), ha.replicaId());
    }
}
