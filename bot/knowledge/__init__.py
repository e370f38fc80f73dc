"""The knowledge base: projects, organisations, countries, actions, glossary, partnerships,
networks and meetings, read from the TOML files of ``data/``."""

from bot.knowledge.loader import (
    KnowledgeError,
    Problem,
    check,
    content_hash,
    default_data_dir,
    load_knowledge,
)
from bot.knowledge.models import (
    Action,
    Country,
    KnowledgeBase,
    Meeting,
    Network,
    Organisation,
    PartialDate,
    Partnership,
    Project,
    Record,
    Term,
    Text,
)

__all__ = [
    "Action",
    "Country",
    "KnowledgeBase",
    "KnowledgeError",
    "Meeting",
    "Network",
    "Organisation",
    "PartialDate",
    "Partnership",
    "Problem",
    "Project",
    "Record",
    "Term",
    "Text",
    "check",
    "content_hash",
    "default_data_dir",
    "load_knowledge",
]
