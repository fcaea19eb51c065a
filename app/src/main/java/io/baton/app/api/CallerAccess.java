package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.model.Pool;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who calls, and whether they may touch a pool: 404 for a pool that does not exist, 403 for someone else's. */
final class CallerAccess {
    private CallerAccess() { }

    static Caller caller() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.getPrincipal() instanceof Caller c) return c;
        throw new ApiErrors.ApiException(HttpStatus.UNAUTHORIZED, "a valid token is required");
    }

    static Pool pool(EngineService engine, String name, Caller caller) {
        Pool p = engine.pool(name);
        if (p == null) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool named " + name);
        if (!caller.mayUse(p.getCustomer())) throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "pool " + name + " belongs to another customer");
        return p;
    }
}
