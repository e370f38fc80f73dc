-- Core: the roster of people and group chats the bot knows, and a small key/value store.
-- Telegram does not let a bot list group members nor tell anyone's time zone: this is ours.

CREATE TABLE members (
    user_id           INTEGER PRIMARY KEY,          -- Telegram user id (= private chat id)
    first_name        TEXT NOT NULL DEFAULT '',
    last_name         TEXT,
    username          TEXT,
    language          TEXT CHECK (language IN ('fr', 'en')),   -- NULL: not chosen yet
    timezone          TEXT,                          -- IANA zone; NULL: not chosen yet
    organisation_id   TEXT,                          -- knowledge organisation id
    country_id        TEXT,                          -- knowledge country id (ISO alpha-2)
    role              TEXT NOT NULL DEFAULT 'participant'
                      CHECK (role IN ('participant', 'focal_point', 'coordinator')),
    focal_status      TEXT CHECK (focal_status IN ('claimed', 'confirmed')),
    directory_consent INTEGER NOT NULL DEFAULT 0,
    private_chat      INTEGER NOT NULL DEFAULT 0,    -- 1 once they opened a private chat
    reachable         INTEGER NOT NULL DEFAULT 1,    -- 0 once Telegram said 403 (blocked)
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE member_projects (
    user_id    INTEGER NOT NULL REFERENCES members (user_id) ON DELETE CASCADE,
    project_id TEXT NOT NULL,
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX member_projects_project ON member_projects (project_id);

CREATE TABLE chats (
    chat_id    INTEGER PRIMARY KEY,                  -- group or supergroup id (negative)
    title      TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL,                        -- group, supergroup, channel
    project_id TEXT,                                 -- linked project, NULL if not linked
    active     INTEGER NOT NULL DEFAULT 1,           -- 0 once the bot was removed
    language   TEXT CHECK (language IN ('fr', 'en')),
    timezone   TEXT,
    linked_by  INTEGER,
    linked_at  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX chats_project ON chats (project_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
