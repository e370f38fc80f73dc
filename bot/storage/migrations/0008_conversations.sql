-- Guided flows (PTB conversations) and what they collected, kept in SQLite so that a restart,
-- even a SIGKILL, loses nothing a person was typing (bot/storage/persistence.py).
CREATE TABLE conversations (
    name TEXT NOT NULL,          -- the flow: events, poll_guide, broadcast...
    key TEXT NOT NULL,           -- PTB's key as JSON: [chat_id, user_id]
    state TEXT NOT NULL,         -- the step, as JSON
    updated_at TEXT NOT NULL,    -- by the project's clock (UTC ISO): drafts expire after 48 h
    PRIMARY KEY (name, key)
);

CREATE TABLE user_data (
    user_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,          -- JSON; datetimes tagged {"$dt": "..."}
    updated_at TEXT NOT NULL
);
