"""Knowledge service: the knowledge base of ``data/`` kept in SQLite, and answering questions.

At start the bot reads the stored knowledge; if the files changed (content hash), they are
validated and loaded; a broken file is reported in the log and the stored knowledge is kept.
Each asker's last question in a chat is kept (``recent_questions``) so that a follow-up is
read with what it followed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.knowledge.follow_up import follow_up
from bot.knowledge.loader import KnowledgeError, default_data_dir
from bot.knowledge.models import KnowledgeBase
from bot.storage.knowledge import KnowledgeRepository, LoadResult

if TYPE_CHECKING:
    from bot.knowledge.answer import Answer, Answerer
    from bot.knowledge.documents import Document
    from bot.storage.passages import Hit

log = logging.getLogger(__name__)

# a question read as following the asker's previous one only while that one is this recent
FOLLOW_UP_WINDOW = timedelta(minutes=30)


class KnowledgeService:
    def __init__(self, repo: KnowledgeRepository, data_dir: Path | None, clock: Clock) -> None:
        self.repo = repo
        self.data_dir = data_dir or default_data_dir()
        self.clock = clock
        self._kb: KnowledgeBase | None = None
        self._answerer: Answerer | None = None

    async def start(self) -> None:
        """Load the files if they changed (keeping the stored copy if they are broken)."""
        try:
            result = await self.load()
            if result.changed:
                log.info("knowledge loaded from %s: %s", self.data_dir, result.counts)
        except KnowledgeError as exc:
            log.error("knowledge files are invalid, keeping the stored copy:\n%s", exc)
            self._use(await self.repo.read_all())

    async def load(self, *, force: bool = False) -> LoadResult:
        """Validate and load the data directory (raises :class:`KnowledgeError`)."""
        result = await self.repo.load_into_db(self.data_dir, force=force, now=self.clock.now())
        self._use(result.knowledge)
        return result

    def _use(self, kb: KnowledgeBase) -> None:
        from bot.knowledge.answer import Answerer

        self._kb = kb
        self._answerer = Answerer(kb)

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            raise RuntimeError("the knowledge base is not loaded yet")
        return self._kb

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            raise RuntimeError("the knowledge base is not loaded yet")
        return self._answerer

    def today(self) -> date:
        return self.clock.now().date()

    def answer(self, question: str, lang: str | None) -> Answer:
        """The static engine's answer (the records of ``data/*.toml`` only)."""
        return self.answerer.answer(question, lang, self.today())

    async def reply(self, question: str, lang: str | None) -> Answer:
        """The answer to a free-text question: the records', else the documents' passages
        (:mod:`bot.passage_answers`)."""
        return await self.complete(question, self.answer(question, lang))

    async def complete(self, question: str, static: Answer) -> Answer:
        """``static`` (the records' answer), or the documents' when it does not know or
        answers with low confidence."""
        from bot.passage_answers import compose, needs_documents

        # the question itself: what a greeting, a self-introduction or a preamble leaves
        question = static.asked or question
        if not needs_documents(question, static):
            return static
        hits = await self.search_passages(question, static.lang)
        return compose(question, static, hits) or static

    async def follow_up(
        self, question: str, lang: str | None, chat_id: int | None, user_id: int | None
    ) -> str:
        """``question`` read with the asker's previous one in the chat when it follows it
        ("Et au Bénin ?" after "Combien de membres au Sénégal dans X ?"), and kept as the
        previous one for the next (:mod:`bot.knowledge.follow_up`)."""
        if chat_id is None or user_id is None:
            return question
        now = self.clock.now()
        previous = await self.repo.recent_question(chat_id, user_id, now - FOLLOW_UP_WINDOW)
        asked = question
        if previous is not None:
            asked = follow_up(self.answerer, previous, question, lang, self.today()) or question
        await self.repo.remember_question(chat_id, user_id, asked, now)
        return asked

    async def search_passages(self, question: str, lang: str | None = None) -> list[Hit]:
        """The documents' passages that best cover the question, best first (in the
        reader's language where a note has a version in it)."""
        return await self.repo.passages.search(question, lang=lang)

    async def index_documents(self, documents: Sequence[Document]) -> int:
        """Index other documents than those of ``data/documents`` (the benchmarks' generated
        ones), in place of the stored passages; returns the number of passages."""
        return await self.repo.replace_passages(documents)
