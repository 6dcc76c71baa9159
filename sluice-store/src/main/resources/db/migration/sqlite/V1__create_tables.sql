-- Sluice's committed state. Specs are kept as the JSON text of their YAML fields (traffic keeps the
-- user's order, which is why this is TEXT and not a JSON type); everything the store queries or updates
-- on its own has its own column. Timestamps are ISO-8601 text, exact to the nanosecond.
-- STRICT makes SQLite enforce the column types like the other databases do.

CREATE TABLE endpoints (
    name          TEXT    NOT NULL PRIMARY KEY,
    spec_json     TEXT    NOT NULL,
    primary_key   TEXT,
    secondary_key TEXT,
    state         TEXT    NOT NULL,
    created_at    TEXT,
    updated_at    TEXT
) STRICT;

CREATE TABLE deployments (
    endpoint_name TEXT    NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    spec_json     TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    reason        TEXT,
    generation    INTEGER NOT NULL,
    created_at    TEXT,
    updated_at    TEXT,
    PRIMARY KEY (endpoint_name, name)
) STRICT;

-- No foreign key: the controller may record an instance of a deployment that is being deleted; the
-- store deletes instance records explicitly, in the same transaction as their deployment or endpoint.
CREATE TABLE instances (
    id              TEXT    NOT NULL PRIMARY KEY,
    endpoint_name   TEXT    NOT NULL,
    deployment_name TEXT    NOT NULL,
    generation      INTEGER NOT NULL,
    state           TEXT    NOT NULL,
    pid             INTEGER NOT NULL,
    url             TEXT,
    started_at      TEXT,
    restarts        INTEGER NOT NULL
) STRICT;

CREATE INDEX instances_by_deployment ON instances (endpoint_name, deployment_name);
