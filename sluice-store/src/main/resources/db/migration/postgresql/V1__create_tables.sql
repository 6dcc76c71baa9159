-- Sluice's committed state; see the SQLite migration for the reasoning. COLLATE "C" makes ORDER BY
-- name sort by code point, as the SQLite store and the in-memory store do, whatever the database locale.
-- Specs stay TEXT rather than jsonb, which would reorder the keys of traffic maps.

CREATE TABLE endpoints (
    name          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    spec_json     TEXT             NOT NULL,
    primary_key   TEXT,
    secondary_key TEXT,
    state         TEXT             NOT NULL,
    created_at    TEXT,
    updated_at    TEXT
);

CREATE TABLE deployments (
    endpoint_name TEXT COLLATE "C" NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    name          TEXT COLLATE "C" NOT NULL,
    spec_json     TEXT             NOT NULL,
    state         TEXT             NOT NULL,
    reason        TEXT,
    generation    BIGINT           NOT NULL,
    created_at    TEXT,
    updated_at    TEXT,
    PRIMARY KEY (endpoint_name, name)
);

CREATE TABLE instances (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    endpoint_name   TEXT COLLATE "C" NOT NULL,
    deployment_name TEXT COLLATE "C" NOT NULL,
    generation      BIGINT           NOT NULL,
    state           TEXT             NOT NULL,
    pid             BIGINT           NOT NULL,
    url             TEXT,
    started_at      TEXT,
    restarts        INTEGER          NOT NULL
);

CREATE INDEX instances_by_deployment ON instances (endpoint_name, deployment_name);
