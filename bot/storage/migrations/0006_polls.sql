-- Polls: quick polls by coordinators and feedback after events, every answer kept.
--
-- One poll of ours is sent to many chats; each chat gets its own Telegram poll
-- (poll_messages). Every poll_answer update is one row of poll_answers (history): a changed
-- or retracted vote is a new row, and the current answer of a voter is derived (the latest
-- update per Telegram poll and voter). UNIQUE (update_id, telegram_poll_id, user_id) makes a
-- re-delivered update harmless. Anonymous polls only have the totals of `poll` updates
-- (poll_totals).

CREATE TABLE polls (
    id          INTEGER PRIMARY KEY,
    project_id  TEXT,                            -- knowledge project id (NULL: none)
    kind        TEXT NOT NULL DEFAULT 'quick'
                CHECK (kind IN ('quick', 'attendance', 'satisfaction')),
    event_id    INTEGER,                         -- feedback polls: the event asked about
    question    TEXT NOT NULL,
    multiple    INTEGER NOT NULL DEFAULT 0,      -- several answers allowed
    anonymous   INTEGER NOT NULL DEFAULT 0,
    to_groups   INTEGER NOT NULL DEFAULT 1,      -- sent to the project's linked groups
    to_private  INTEGER NOT NULL DEFAULT 1,      -- sent in private to the project's members
    language    TEXT NOT NULL DEFAULT 'fr',      -- language of the question (creator's)
    created_by  INTEGER,                         -- Telegram user id of the coordinator
    created_at  TEXT NOT NULL,
    closes_at   TEXT,                            -- planned closing (UTC), NULL: on demand
    closed_at   TEXT                             -- actual closing; answers after it are late
);
CREATE INDEX polls_open ON polls (closed_at, closes_at);
CREATE INDEX polls_event ON polls (event_id);

CREATE TABLE poll_options (
    poll_id  INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                   -- Telegram option id (0-based)
    text     TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
);

-- Each chat's Telegram poll (recorded by the outbox's on_sent hook).
CREATE TABLE poll_messages (
    telegram_poll_id TEXT PRIMARY KEY,
    poll_id          INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    chat_id          INTEGER NOT NULL,
    message_id       INTEGER NOT NULL,
    kind             TEXT NOT NULL DEFAULT 'poll', -- outbox kind it came from: poll, nudge
    sent_at          TEXT NOT NULL,
    stopped_at       TEXT
);
CREATE INDEX poll_messages_poll ON poll_messages (poll_id, chat_id);

CREATE TABLE poll_answers (
    id               INTEGER PRIMARY KEY,
    poll_id          INTEGER REFERENCES polls (id) ON DELETE CASCADE, -- NULL until the Telegram poll is known
    telegram_poll_id TEXT NOT NULL,
    update_id        INTEGER NOT NULL,           -- Telegram's order of the answers
    user_id          INTEGER NOT NULL,
    voter_name       TEXT NOT NULL DEFAULT '',
    option_ids       TEXT NOT NULL,              -- '0,2'; '' = vote retracted
    organisation_id  TEXT,                       -- the voter's, at the time of the answer
    country_id       TEXT,
    answered_at      TEXT NOT NULL,              -- when the bot received it (UTC)
    late             INTEGER NOT NULL DEFAULT 0, -- received after the poll closed
    UNIQUE (update_id, telegram_poll_id, user_id)
);
CREATE INDEX poll_answers_current ON poll_answers (poll_id, telegram_poll_id, user_id, update_id);
CREATE INDEX poll_answers_unlinked ON poll_answers (telegram_poll_id) WHERE poll_id IS NULL;

-- Latest totals Telegram sent for each Telegram poll (the only data of anonymous polls).
CREATE TABLE poll_totals (
    telegram_poll_id TEXT PRIMARY KEY,
    update_id        INTEGER NOT NULL,
    counts           TEXT NOT NULL,              -- '3,0,5': voters per option
    voter_count      INTEGER NOT NULL,
    is_closed        INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL
);

-- Feedback after events: per-event switch (default: on for webinars and visioconferences),
-- when it was asked, the prompts inviting a comment, and the comments.
CREATE TABLE event_feedback (
    event_id   INTEGER PRIMARY KEY,
    enabled    INTEGER,                          -- NULL: the default for the event's kind
    asked_at   TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE feedback_prompts (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    event_id   INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

CREATE TABLE feedback_comments (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    voter_name      TEXT NOT NULL DEFAULT '',
    organisation_id TEXT,
    country_id      TEXT,
    chat_id         INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX feedback_comments_event ON feedback_comments (event_id);
