-- Uncertain deliveries: how many attempts of a row got no answer from Telegram (a timeout, a
-- connection lost after the request went out, or a crash between the claim and the answer).
-- Each may have delivered the message. The delivery policy of the row's kind then either sends
-- it once more (at most one such retry, also across restarts: this count is the memory of it)
-- or records the row 'uncertain' and never resends it (see bot/delivery.py, NO_ANSWER_POLICY).

ALTER TABLE outbox ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
