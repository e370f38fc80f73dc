-- Events (visioconferences, webinars, gatherings...), their reminders, RSVPs, the drafts being
-- confirmed by a coordinator, and the "after the end" hooks already run. All times are UTC ISO
-- strings (bot.clock.to_iso); the organiser's IANA zone is kept to show and edit local times.
-- Forgetting a member (/forget) deletes their RSVPs and drafts; their events stay, anonymous.

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    project_id    TEXT NOT NULL,                 -- knowledge project id
    kind          TEXT NOT NULL
                  CHECK (kind IN ('visioconference', 'webinar', 'gathering', 'seminar', 'other')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    starts_at     TEXT NOT NULL,                 -- UTC
    ends_at       TEXT NOT NULL,                 -- UTC, after starts_at
    timezone      TEXT NOT NULL,                 -- the organiser's IANA zone
    link          TEXT,                          -- online link (visio, webinar)
    dial_in       TEXT,                          -- phone dial-in
    place         TEXT,                          -- physical place
    countries     TEXT,                          -- JSON list of country ids; NULL: all
    organisations TEXT,                          -- JSON list of organisation ids; NULL: all
    remind_all    INTEGER NOT NULL DEFAULT 0,    -- 1: private reminders to every member too
    offsets       TEXT,                          -- JSON list like ["1d","1h"]; NULL: settings
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    version       INTEGER NOT NULL DEFAULT 1,    -- +1 at each edit (iCalendar SEQUENCE)
    created_by    INTEGER REFERENCES members (user_id) ON DELETE SET NULL,  -- NULL: terminal
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_start ON events (status, starts_at);
CREATE INDEX events_project ON events (project_id, starts_at);

-- One row per (event, offset): when it falls due and whether it went out. 'round' grows when
-- an edit moves an already sent reminder into the future again (outbox ref gets ':<round>').
CREATE TABLE event_reminders (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    offset_key TEXT NOT NULL,                    -- canonical offset: '7d', '1h', '0m'...
    due_at     TEXT NOT NULL,                    -- UTC
    round      INTEGER NOT NULL DEFAULT 1,
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'sent', 'dropped')),
    late       INTEGER NOT NULL DEFAULT 0,       -- 1: sent late (the bot was down)
    done_at    TEXT,
    PRIMARY KEY (event_id, offset_key)
);
CREATE INDEX event_reminders_due ON event_reminders (state, due_at);

CREATE TABLE event_rsvps (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES members (user_id) ON DELETE CASCADE,
    answer     TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_rsvps_user ON event_rsvps (user_id);

-- A new event or an edit waiting for the coordinator's "Save" button (restart-safe).
CREATE TABLE event_drafts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES members (user_id) ON DELETE CASCADE,  -- NULL: terminal
    event_id   INTEGER REFERENCES events (id) ON DELETE CASCADE,   -- NULL: a new event
    data       TEXT NOT NULL,                    -- JSON of the event fields
    state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'saved', 'dropped')),
    created_at TEXT NOT NULL
);

-- "After the end" hooks (e.g. the feedback poll): one row per hook and event, written just
-- before the hook is called (at most once), 'failed' if it raised.
CREATE TABLE event_endings (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    hook     TEXT NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('done', 'failed')),
    at       TEXT NOT NULL,
    PRIMARY KEY (event_id, hook)
);

-- What must be told about an event (new, changed, cancelled), written in the same transaction
-- as the change itself and turned into outbox rows afterwards: a crash in between loses
-- nothing, and the outbox's unique key means nothing is told twice.
CREATE TABLE event_notices (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,                 -- the event's version this notice tells
    what       TEXT NOT NULL CHECK (what IN ('new', 'changed', 'cancelled')),
    changes    TEXT,                             -- JSON list of the changed fields
    state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, version)
);
