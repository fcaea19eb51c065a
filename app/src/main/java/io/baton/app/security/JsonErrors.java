package io.baton.app.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the small JSON error bodies of 401 and 403 answers. */
final class JsonErrors {
    private JsonErrors() { }

    static void write(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write("{\"status\":" + status + ",\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
}
