-- The outbox: one row per (thing to send, recipient chat). Reminders, announcements, polls
-- sent in private and notices all go through it. UNIQUE (kind, ref, chat_id) makes enqueueing
-- idempotent, and the state machine makes sending at-most-once across crashes:
--   pending -> sending -> sent | failed | unreachable | uncertain ; pending -> cancelled
-- A row left in 'sending' by a crash becomes 'uncertain' at start and is never sent again.

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,            -- reminder, broadcast, poll, feedback, notice...
    ref        TEXT NOT NULL,            -- what is sent, e.g. 'event:12:1d', 'broadcast:5'
    chat_id    INTEGER NOT NULL,         -- recipient chat at enqueue time
    payload    TEXT NOT NULL,            -- JSON: {"method": "sendMessage", "text": ..., ...}
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unreachable',
                                'uncertain', 'cancelled')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    sent_to    INTEGER,                  -- chat actually sent to (differs after a migration)
    message_id INTEGER,
    error      TEXT,                     -- last error, e.g. 'retry_after', 'forbidden: ...'
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at    TEXT,
    UNIQUE (kind, ref, chat_id)
);
CREATE INDEX outbox_state ON outbox (state, id);
CREATE INDEX outbox_ref ON outbox (kind, ref);
