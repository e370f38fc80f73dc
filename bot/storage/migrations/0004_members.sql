-- Members: onboarding progress, focal point claims, people seen in linked groups, and the
-- anonymous counts left by people who asked to be forgotten.
--
-- Other features that store a user id MUST say what happens when a member is forgotten
-- (/forget deletes the members row): REFERENCES members (user_id) ON DELETE CASCADE (the row
-- is personal) or ON DELETE SET NULL (the row stays as an anonymous count). A reference
-- without ON DELETE would make /forget fail (tests/members/test_privacy.py checks them all).

-- When a focal point claim was made (the coordinators' pending list is ordered by it).
ALTER TABLE members ADD COLUMN focal_claimed_at TEXT;

-- Where each person is in the /start flow, so that onboarding survives restarts and never
-- traps anyone: buttons only, free text goes to the question handler.
CREATE TABLE onboarding (
    user_id      INTEGER PRIMARY KEY REFERENCES members (user_id) ON DELETE CASCADE,
    step         TEXT NOT NULL,                  -- language, projects, role, country, ...
    mode         TEXT NOT NULL DEFAULT 'flow'
                 CHECK (mode IN ('flow', 'single')),  -- whole flow, or one step from /me
    intent       TEXT CHECK (intent IN ('focal_point', 'participant')),
    country_id   TEXT,                           -- country picked before the organisation
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    completed_at TEXT                            -- first time the whole flow was finished
);

-- People the bot saw speak (or join) in linked groups: a hint for coordinators of who has
-- not opened a private chat yet. At most one write per person, group and day.
CREATE TABLE group_sightings (
    chat_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name  TEXT,
    username   TEXT,
    first_seen TEXT NOT NULL,                    -- UTC day, YYYY-MM-DD
    last_seen  TEXT NOT NULL,                    -- UTC day, YYYY-MM-DD
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX group_sightings_user ON group_sightings (user_id);

-- How many people asked to be forgotten, per month: nothing else is kept about them.
CREATE TABLE forgotten_members (
    month TEXT PRIMARY KEY,                      -- YYYY-MM (UTC)
    count INTEGER NOT NULL
);
