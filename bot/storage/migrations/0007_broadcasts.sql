-- Announcements (broadcasts): one row per announcement, from its draft to its final figures.
-- The recipients and each one's delivery state live in the outbox (kind 'broadcast', ref
-- 'broadcast:<id>'); this table holds what is sent, to whom (the audience, resolved when the
-- sending starts), when, the message the author watches (edited with progress, then the report)
-- and the final figures.
--   draft -> scheduled -> sending -> done ; draft | scheduled -> cancelled
-- 'scheduled' with scheduled_at <= now means "due": the running bot starts it (a job at the
-- exact time, and a check every second that also picks up those queued by `coopbot broadcast`).

CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: buttons carry it
    author_id         INTEGER                    -- the coordinator; NULL: the terminal, or
                      REFERENCES members (user_id) ON DELETE SET NULL,  -- forgotten (/oubli)
    source            TEXT NOT NULL DEFAULT 'chat' CHECK (source IN ('chat', 'cli')),
    content_type      TEXT NOT NULL CHECK (content_type IN ('text', 'photo', 'document')),
    body              TEXT NOT NULL DEFAULT '',  -- Telegram HTML: the text, or the caption
    file_id           TEXT,                      -- photo / document: Telegram file_id, reused
    audience          TEXT,                      -- JSON {"type": ..., "values": [...]}
    state             TEXT NOT NULL DEFAULT 'draft'
                      CHECK (state IN ('draft', 'scheduled', 'sending', 'done', 'cancelled')),
    scheduled_at      TEXT,                      -- UTC; when to start (NULL while a draft)
    language          TEXT NOT NULL DEFAULT 'fr',-- the author's language, for progress/report
    timezone          TEXT,                      -- the author's zone, for dates in the report
    report_chat_id    INTEGER,                   -- the message edited with progress and report
    report_message_id INTEGER,
    recipients        INTEGER NOT NULL DEFAULT 0,-- outbox rows (people + groups)
    people            INTEGER NOT NULL DEFAULT 0,
    group_chats       INTEGER NOT NULL DEFAULT 0,
    enqueued          INTEGER NOT NULL DEFAULT 0,-- 1 once every outbox row is written
    delivered         INTEGER NOT NULL DEFAULT 0,-- final figures (copied from the outbox)
    unreachable       INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    uncertain         INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    started_at        TEXT,
    finished_at       TEXT
);
CREATE INDEX broadcasts_state ON broadcasts (state, scheduled_at);
CREATE INDEX broadcasts_author ON broadcasts (author_id, state);

-- The running bot writes here every few seconds: `coopbot broadcast` tells whether a bot is
-- there to send what it queues, and refuses to send itself while one is.
CREATE TABLE broadcast_sender (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    pid     INTEGER NOT NULL,
    seen_at TEXT NOT NULL
);
