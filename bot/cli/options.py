"""Options that several terminal commands share."""

from __future__ import annotations

import argparse


def add_lang(parser: argparse.ArgumentParser, help: str = "language (default: settings)") -> None:
    """``--lang fr|en``: the language the command writes in."""
    parser.add_argument("--lang", choices=["fr", "en"], help=help)
