-- What the running bot says about itself, every few seconds (`coopbot status`, the health
-- endpoint, `coopbot restore` refusing while it runs), and what it made up for itself (the
-- webhook's secret token when none is configured): one JSON value per key.
CREATE TABLE ops_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
