-- Every change asked of the management API; see the SQLite migration for the reasoning.
CREATE TABLE audit_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time    TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    role    TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    status  INTEGER NOT NULL,
    remote  TEXT
);
