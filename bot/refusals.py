"""Refusals said in the reader's language: the shape of the project's errors (``key`` + named
``params``, as :class:`bot.events.EventInputError` or :class:`bot.poll_input.PollError`), for
those shown in the terminal as well as in the bot. The exception's own text is its English
(logs, tracebacks); whoever shows it calls :meth:`Refusal.text` in the reader's language."""

from __future__ import annotations

from typing import ClassVar

from bot.i18n import Catalogue, plain_text


class Refusal(Exception):
    """``key`` is a message under :attr:`domain` (``refusals.backup.``...), ``params`` its
    placeholders."""

    domain: ClassVar[str] = "refusals."

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        try:
            english = self.text("en")
        except (KeyError, IndexError, ValueError):  # never hide the refusal behind another error
            english = f"{self.domain}{key} {params}"
        super().__init__(english)

    def text(self, lang: str, catalogue: Catalogue | None = None) -> str:
        """The refusal in ``lang``, as plain text (the terminal; a bot reply escapes it)."""
        catalogue = catalogue or Catalogue.bundled()
        return plain_text(catalogue.t(lang, self.domain + self.key, **self.params))
