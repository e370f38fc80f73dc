-- Free-text questions (issue 11): each asker's last question in a chat, so that a follow-up
-- ("Et au Bénin ?", "and its budget?") is read with what it followed. One row per asker and
-- chat, replaced at each question; read only while recent (bot.questions.FOLLOW_UP_WINDOW).

CREATE TABLE recent_questions (
    chat_id   INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    question  TEXT NOT NULL,                   -- as answered (a follow-up written out)
    asked_at  TEXT NOT NULL,                   -- ISO instant, UTC
    PRIMARY KEY (chat_id, user_id)
);
