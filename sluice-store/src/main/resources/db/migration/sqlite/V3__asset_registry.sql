-- The registry: model and environment versions (sluice model create, sluice environment create). A version is
-- immutable; archived hides it from listings and @latest. created_seq orders versions by registration, which is
-- what @latest means (versions are strings: "10" is not after "9" by text).
CREATE TABLE assets (
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    spec_json   TEXT    NOT NULL,
    archived    INTEGER NOT NULL,
    created_seq INTEGER NOT NULL,
    created_at  TEXT,
    PRIMARY KEY (kind, name, version)
) STRICT;
