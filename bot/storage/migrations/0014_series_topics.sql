-- Repeating events (series), forum topics linked to projects, places and waiting lists of
-- in-person gatherings, and the time of the feedback prompts (a plain message after one is a
-- comment, within 30 minutes).

-- A series: the rule (an iCalendar RRULE value, UNTIL as a local end of day) expanded on the
-- local wall-clock time of its first occurrence in the organiser's zone. Only the next few
-- occurrences exist as rows of `events` (with their reminders and RSVPs); `next_at` is when the
-- following one must be added (NULL: the rule has no more).
CREATE TABLE event_series (
    id          INTEGER PRIMARY KEY,
    rule        TEXT NOT NULL,                   -- e.g. FREQ=MONTHLY;BYDAY=1TH
    first_local TEXT NOT NULL,                   -- naive local ISO start of the first occurrence
    timezone    TEXT NOT NULL,                   -- the organiser's IANA zone
    template    TEXT NOT NULL,                   -- JSON EventFields of the occurrences
    made_until  TEXT,                            -- UTC start of the last occurrence made
    made_count  INTEGER NOT NULL DEFAULT 0,      -- occurrences made so far
    next_at     TEXT,                            -- UTC: when to make the next one
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'cancelled')),
    created_by  INTEGER REFERENCES members (user_id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX event_series_next ON event_series (status, next_at);

-- An occurrence: its series and its original start (iCalendar RECURRENCE-ID, UTC), kept when it
-- is moved. `capacity`: places of an in-person gathering (NULL: no limit).
ALTER TABLE events ADD COLUMN series_id INTEGER REFERENCES event_series (id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN occurrence TEXT;
ALTER TABLE events ADD COLUMN capacity INTEGER;
CREATE UNIQUE INDEX events_occurrence ON events (series_id, occurrence)
    WHERE series_id IS NOT NULL;

-- Waiting list: a "yes" beyond the capacity. `offered_at`: a freed place was offered (private
-- message), to confirm within 24 h, else it goes to the next one.
CREATE TABLE event_waitlist (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES members (user_id) ON DELETE CASCADE,
    joined_at  TEXT NOT NULL,
    offered_at TEXT,
    state      TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'offered', 'expired')),
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_waitlist_offers ON event_waitlist (state, offered_at);

-- Forum topics of supergroups linked to a project (/liergroupe typed inside the topic).
-- `state` 'gone': closed or deleted, found on a failed send (coordinators told once); messages
-- then go to the general thread.
CREATE TABLE group_topics (
    chat_id    INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL,
    project_id TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'gone')),
    linked_by  INTEGER,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, thread_id)
);
CREATE INDEX group_topics_project ON group_topics (project_id, state);

ALTER TABLE feedback_prompts ADD COLUMN sent_at TEXT;  -- UTC; NULL for older prompts
