-- Autoscaling: the settings users send (Azure Monitor's JSON, as text), every decision the autoscaler took,
-- and metrics at a one-minute grain for a day. All three go with their deployment.

CREATE TABLE autoscale_settings (
    endpoint_name   TEXT COLLATE "C" NOT NULL,
    deployment_name TEXT COLLATE "C" NOT NULL,
    setting_json    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (endpoint_name, deployment_name),
    FOREIGN KEY (endpoint_name, deployment_name) REFERENCES deployments (endpoint_name, name) ON DELETE CASCADE
);

CREATE TABLE autoscale_history (
    id              BIGSERIAL PRIMARY KEY,
    endpoint_name   TEXT COLLATE "C" NOT NULL,
    deployment_name TEXT COLLATE "C" NOT NULL,
    decided_at      TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    from_count      INTEGER NOT NULL,
    to_count        INTEGER NOT NULL,
    trigger_text    TEXT    NOT NULL,
    values_text     TEXT    NOT NULL,
    outcome         TEXT    NOT NULL,
    FOREIGN KEY (endpoint_name, deployment_name) REFERENCES deployments (endpoint_name, name) ON DELETE CASCADE
);

CREATE INDEX autoscale_history_by_deployment ON autoscale_history (endpoint_name, deployment_name, id);

CREATE TABLE metric_minutes (
    endpoint_name   TEXT COLLATE "C" NOT NULL,
    deployment_name TEXT COLLATE "C" NOT NULL,
    metric          TEXT             NOT NULL,
    series          TEXT             NOT NULL,
    minute          TEXT             NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (endpoint_name, deployment_name, metric, minute, series),
    FOREIGN KEY (endpoint_name, deployment_name) REFERENCES deployments (endpoint_name, name) ON DELETE CASCADE
);

CREATE INDEX metric_minutes_by_minute ON metric_minutes (minute);
