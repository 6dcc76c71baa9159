-- The spec that last reached Succeeded: an update whose new instances never turn Ready rolls back to it.
ALTER TABLE deployments ADD COLUMN last_succeeded_spec_json TEXT;
