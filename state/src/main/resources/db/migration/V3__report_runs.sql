-- Usage report runs: asked through any replica (the API, the daily schedule), run by the leader only.
-- Taking a run and publishing its files are fenced writes: epoch and replica name the leader that ran it.
-- A run a lost leader left RUNNING is queued again by the next leader (attempts counts the tries).
CREATE TABLE baton_report_run (
    id          VARCHAR(64)  PRIMARY KEY,
    period_from VARCHAR(40)  NOT NULL,
    period_to   VARCHAR(40)  NOT NULL,
    customer    VARCHAR(255) NOT NULL,
    force_key   BIGINT       NOT NULL,
    accepted_by VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    epoch       BIGINT,
    replica     VARCHAR(255),
    attempts    INTEGER      NOT NULL,
    message     TEXT,
    files       TEXT
);
CREATE INDEX baton_report_run_state ON baton_report_run (state, created_at);
