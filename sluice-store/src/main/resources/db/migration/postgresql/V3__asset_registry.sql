-- The registry: model and environment versions; see the SQLite migration for the reasoning.
CREATE TABLE assets (
    kind        TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    version     TEXT COLLATE "C" NOT NULL,
    spec_json   TEXT             NOT NULL,
    archived    INTEGER          NOT NULL,
    created_seq BIGINT           NOT NULL,
    created_at  TEXT,
    PRIMARY KEY (kind, name, version)
);
