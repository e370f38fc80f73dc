-- Self-assessments (issue 13): a deadline set by a coordinator (/suivi ID echeance DATE,
-- coopbot forms deadline ID DATE). It overrides the file's deadline while the file keeps the
-- deadline it had then (file_deadline); once the file changes its deadline, the file wins.

CREATE TABLE form_deadlines (
    form_id        TEXT PRIMARY KEY REFERENCES forms (id) ON DELETE CASCADE,
    deadline       TEXT NOT NULL,              -- ISO date (the last day to answer)
    file_deadline  TEXT NOT NULL,              -- the file's deadline when it was set
    set_by         INTEGER,                    -- Telegram user id (NULL: the terminal)
    set_at         TEXT NOT NULL
);
