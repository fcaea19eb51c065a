package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.app.ha.LeaderProxy;
import io.baton.app.security.Caller;
import io.baton.engine.catalog.PoolCheck;
import io.baton.engine.catalog.PoolSpec;
import io.baton.state.PoolBinding;
import io.baton.state.PoolCatalogStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pool catalog through the API (OPS): {@code POST /api/pools/{pool}} creates a pool, {@code PUT} changes it,
 * {@code DELETE} removes it, {@code GET /api/pools/{pool}/config} shows its keys. The body has the keys of
 * {@code baton.pools.<pool>} in the YAML, as JSON; it is bound and validated as the YAML is. Only the leader
 * writes: a follower passes the call on to it.
 */
@RestController
@RequestMapping("/api/pools")
class PoolCatalogController {
    private final EngineService engine;
    private final PoolCatalogStore store;
    private final List<PoolCheck> checks;
    private final LeaderProxy leader;

    PoolCatalogController(EngineService engine, PoolCatalogStore store, List<PoolCheck> checks, LeaderProxy leader) {
        this.engine = engine;
        this.store = store;
        this.checks = checks;
        this.leader = leader;
    }

    /** A pool as stored: its keys as given, where they came from, and the pool they make, defaults filled in. */
    record PoolConfig(String name, String origin, Map<String, String> keys, PoolSpec pool) { }

    @GetMapping("/{pool}/config")
    PoolConfig config(@PathVariable String pool) {
        opsOnly();
        PoolCatalogStore.Entry e = store.entry(pool).orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool named " + pool));
        return new PoolConfig(pool, e.origin().name().toLowerCase(), e.keys(), e.spec());
    }

    @PostMapping("/{pool}")
    ResponseEntity<?> create(@PathVariable String pool, @RequestBody Map<String, Object> body, HttpServletRequest req) {
        Optional<ResponseEntity<String>> passed = leader.passOnUnlessLeading(req, body);
        if (passed.isPresent()) return passed.get();
        Map<String, String> keys = checked(pool, body);
        if (store.entry(pool).isPresent()) {
            throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "pool " + pool + " exists: PUT /api/pools/" + pool + " changes it");
        }
        store.put(pool, keys);
        return ResponseEntity.status(HttpStatus.CREATED).body(config(pool));
    }

    @PutMapping("/{pool}")
    ResponseEntity<?> change(@PathVariable String pool, @RequestBody Map<String, Object> body, HttpServletRequest req) {
        Optional<ResponseEntity<String>> passed = leader.passOnUnlessLeading(req, body);
        if (passed.isPresent()) return passed.get();
        Map<String, String> keys = checked(pool, body);
        PoolSpec before = store.entry(pool).map(PoolCatalogStore.Entry::spec)
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool named " + pool + ": POST /api/pools/" + pool + " creates it"));
        PoolSpec after = PoolBinding.bind(pool, keys, true);
        int held = heldNodes(pool);
        if (held > 0 && !before.actuator().equals(after.actuator())) {
            throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "pool " + pool + " holds " + held + " node(s) of actuator "
                    + before.actuator() + ": its actuator cannot change until it holds none");
        }
        if (held > 0 && !before.customer().equals(after.customer())) {
            throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "pool " + pool + " holds " + held + " node(s) billed to "
                    + before.customer() + ": its customer cannot change until it holds none");
        }
        store.put(pool, keys);
        return ResponseEntity.ok(config(pool));
    }

    @DeleteMapping("/{pool}")
    ResponseEntity<?> delete(@PathVariable String pool, HttpServletRequest req) {
        opsOnly();
        Optional<ResponseEntity<String>> passed = leader.passOnUnlessLeading(req, null);
        if (passed.isPresent()) return passed.get();
        if (store.entry(pool).isEmpty()) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool named " + pool);
        try {
            engine.removePool(pool, () -> store.remove(pool));
        } catch (IllegalStateException e) {
            throw new ApiErrors.ApiException(HttpStatus.CONFLICT, e.getMessage() + ": a pool is deleted only once it holds no node"
                    + " (set its min to 0 with PUT, then its capacity to 0 with POST /api/pools/" + pool + "/scale {\"capacity\": 0})");
        }
        return ResponseEntity.noContent().build();
    }

    /** The body as flat keys, bound and validated like the YAML, and checked by the pool's actuator. */
    private Map<String, String> checked(String pool, Map<String, Object> body) {
        opsOnly();
        if (body == null || body.isEmpty()) throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "the body must hold the pool's keys, as JSON");
        Map<String, String> keys = PoolBinding.flatten(body);
        PoolSpec spec = PoolBinding.bind(pool, keys, true);
        List<String> problems = new ArrayList<>();
        if (!engine.hasActuator(spec.actuator())) problems.add("actuator: no actuator of type " + spec.actuator() + " is enabled in this Baton");
        for (PoolCheck c : checks) problems.addAll(c.problems(spec));
        if (!problems.isEmpty()) throw new PoolBinding.InvalidPool(pool, problems);
        return keys;
    }

    private int heldNodes(String pool) {
        return engine.pools().stream().filter(v -> v.name().equals(pool)).mapToInt(v -> v.members().size()).sum();
    }

    private static void opsOnly() {
        if (!CallerAccess.caller().isOps()) throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "only ops may read or change the pool catalog");
    }
}
