-- Self-assessment questionnaires (issue 13).
--
-- A questionnaire is a file of data/forms/; the version in use is kept here (definition: the
-- validated JSON), so that an invalid file changes nothing stored. Each organisation has one
-- shared draft per questionnaire (form_responses + form_answers): its focal points fill it in
-- turns; a skipped optional question is a row whose value is 'null'. Where each person is in
-- the questionnaire (form_sessions) lives here too, so that a restart changes nothing for them.
-- form_reminders: the reminders sent to an organisation (at most one a day, automatic ones
-- 7 days and 1 day before the deadline).

CREATE TABLE forms (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL,
    definition  TEXT NOT NULL,                  -- JSON of the validated questionnaire
    file        TEXT NOT NULL,
    loaded_at   TEXT NOT NULL
);

CREATE TABLE form_responses (
    form_id          TEXT NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    organisation_id  TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    started_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    submitted_at     TEXT,
    submitted_by     INTEGER,
    PRIMARY KEY (form_id, organisation_id)
);

CREATE TABLE form_answers (
    form_id          TEXT NOT NULL,
    organisation_id  TEXT NOT NULL,
    question_id      TEXT NOT NULL,
    value            TEXT NOT NULL,             -- JSON; 'null': skipped (optional question)
    answered_by      INTEGER,                   -- Telegram user id (NULL once forgotten)
    answered_at      TEXT NOT NULL,
    PRIMARY KEY (form_id, organisation_id, question_id),
    FOREIGN KEY (form_id, organisation_id)
        REFERENCES form_responses (form_id, organisation_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE form_sessions (
    user_id          INTEGER PRIMARY KEY,
    form_id          TEXT NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    organisation_id  TEXT NOT NULL,
    question_id      TEXT,                      -- NULL: at the summary
    back_to_summary  INTEGER NOT NULL DEFAULT 0, -- changing one answer from the summary
    updated_at       TEXT NOT NULL
);

CREATE TABLE form_reminders (
    form_id          TEXT NOT NULL,
    organisation_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,             -- 'manual', 'auto-7', 'auto-1'
    sent_at          TEXT NOT NULL,
    recipients       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX form_reminders_org ON form_reminders (form_id, organisation_id, sent_at);
