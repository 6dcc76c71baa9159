-- Tokens of the management API besides the admin-token file. Only the SHA-256 of a token is kept, so a copy
-- of the database lets no one in; revoked tokens stay (revoked_at set) so that the audit log can name them.
CREATE TABLE access_tokens (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    created_by  TEXT,
    revoked_at  TEXT
) STRICT;
