package io.baton.state;

import io.baton.engine.port.SharedState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link SharedState} in the {@code baton_document} and {@code baton_claim} tables, every write fenced. */
final class JdbcSharedState implements SharedState {
    private final JdbcTemplate jdbc;
    private final Fence fence;

    JdbcSharedState(JdbcTemplate jdbc, Fence fence) {
        this.jdbc = jdbc;
        this.fence = fence;
    }

    @Override public String read(String kind, String key) {
        List<String> rows = jdbc.query("SELECT body FROM baton_document WHERE kind = ? AND doc_key = ?", (rs, i) -> rs.getString(1), kind, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override public Map<String, String> readAll(String kind) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT doc_key, body FROM baton_document WHERE kind = ? ORDER BY doc_key", rs -> {
            out.put(rs.getString(1), rs.getString(2));
        }, kind);
        return out;
    }

    @Override public void write(String kind, String key, String document) {
        fence.write(kind + " " + key, j -> {
            int n = j.update("UPDATE baton_document SET body = ?, epoch = ?, updated_at = CURRENT_TIMESTAMP WHERE kind = ? AND doc_key = ?",
                    document, fence.epoch(), kind, key);
            if (n == 0) {
                j.update("INSERT INTO baton_document (kind, doc_key, body, epoch, updated_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                        kind, key, document, fence.epoch());
            }
            return null;
        });
    }

    /** Deletes a document, fenced. */
    void delete(String kind, String key) {
        fence.write("delete " + kind + " " + key, j -> j.update("DELETE FROM baton_document WHERE kind = ? AND doc_key = ?", kind, key));
    }

    @Override public boolean claim(String ledger, String id) {
        return fence.write("claim of " + id + " in " + ledger, j -> {
            Integer seen = j.queryForObject("SELECT COUNT(*) FROM baton_claim WHERE ledger = ? AND claim_id = ?", Integer.class, ledger, id);
            if (seen != null && seen > 0) return false;
            try {
                j.update("INSERT INTO baton_claim (ledger, claim_id, epoch, replica, claimed_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                        ledger, id, fence.epoch(), fence.replica());
                return true;
            } catch (DuplicateKeyException e) {
                return false;
            }
        });
    }
}
