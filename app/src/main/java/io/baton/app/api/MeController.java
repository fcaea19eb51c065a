package io.baton.app.api;

import io.baton.app.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the token belongs to, so that the console shows only what the role may use (the server enforces it anyway). */
@RestController
class MeController {

    /** The caller: its name in the journal, its role, and its customer ("" for OPS and BILLING). */
    record Me(String name, String role, String customer) { }

    @GetMapping("/api/me")
    Me me() {
        Caller c = CallerAccess.caller();
        return new Me(c.name(), c.role(), c.customer());
    }
}
