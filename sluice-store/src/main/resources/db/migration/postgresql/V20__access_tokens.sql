-- Tokens of the management API besides the admin-token file; see the SQLite migration for the reasoning.
CREATE TABLE access_tokens (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name        TEXT,
    role        TEXT             NOT NULL,
    token_hash  TEXT             NOT NULL UNIQUE,
    created_at  TEXT             NOT NULL,
    created_by  TEXT,
    revoked_at  TEXT
);
