-- Every change asked of the management API: who (the token), what (method and path), when, and the answer.
-- Request bodies are not kept: specs may hold secrets in environment_variables.
CREATE TABLE audit_log (
    id      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    time    TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    role    TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    status  INTEGER NOT NULL,
    remote  TEXT
) STRICT;
