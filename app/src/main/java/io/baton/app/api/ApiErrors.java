package io.baton.app.api;

import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** API errors as {@code {"status": N, "error": "..."}}. */
@RestControllerAdvice
class ApiErrors {

    /** An error with a status and a message for the caller. */
    static final class ApiException extends RuntimeException {
        final HttpStatus status;

        ApiException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** No leader can decide now: 503 with Retry-After, so the caller retries and nothing is lost. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return ResponseEntity.status(e.status).body(Map.of("status", e.status.value(), "error", e.getMessage()));
    }

    @ExceptionHandler({Unavailable.class, io.baton.app.engine.EngineService.NotLeading.class})
    ResponseEntity<Map<String, Object>> unavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Map.of("status", 503, "error", e.getMessage() + ": retry shortly"));
    }

    /** The shared database does not answer (down, or not reached yet since start): retry shortly. */
    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<Map<String, Object>> databaseDown(DataAccessResourceFailureException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Map.of("status", 503, "error", "the shared database is unreachable: retry shortly"));
    }

    /** A pool the catalog refuses: 400, with each problem naming its key. */
    @ExceptionHandler(io.baton.state.PoolBinding.InvalidPool.class)
    ResponseEntity<Map<String, Object>> badPool(io.baton.state.PoolBinding.InvalidPool e) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "error", String.valueOf(e.getMessage()), "problems", e.problems()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "error", String.valueOf(e.getMessage())));
    }
}
