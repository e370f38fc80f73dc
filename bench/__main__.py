"""Dispatcher: ``python -m bench NAME [args]`` imports ``bench.NAME`` and calls its ``main()``."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def available() -> list[str]:
    """Bench modules (every module of this package with a ``main`` function)."""
    here = Path(__file__).resolve().parent
    names = []
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("_") or info.ispkg:
            continue
        # Read, not imported (benches import heavy libraries): helpers such as process.py,
        # which have no main(), are not benches.
        source = (here / f"{info.name}.py").read_text(encoding="utf-8")
        if re.search(r"^(async )?def main\(", source, re.M):
            names.append(info.name)
    return sorted(names)


def _usage(stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    names = available()
    print("usage: python -m bench NAME [args]", file=out)
    listing = ", ".join(names) if names else "(none)"
    print(f"available benches: {listing}", file=out)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help", "list"):
        _usage(sys.stdout if args else sys.stderr)
        return 0 if args else 2
    name = args[0]
    if name not in available():
        print(f"unknown bench {name!r}", file=sys.stderr)
        _usage()
        return 2
    module = importlib.import_module(f"bench.{name}")
    entry: Callable[[], object] | None = getattr(module, "main", None)
    if not callable(entry):
        print(f"bench.{name} has no main()", file=sys.stderr)
        _usage()
        return 2
    sys.argv = [f"bench {name}", *args[1:]]
    result = entry()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
