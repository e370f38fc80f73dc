"""``coopbot`` / ``python -m bot``: see :mod:`bot.cli`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Durations from PTB (RetryAfter.retry_after) as timedelta, without deprecation warnings.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        from bot.cli import main as cli_main

        return cli_main(argv)
    except KeyboardInterrupt:  # Ctrl-C, even while the modules still load: no traceback
        return 130


if __name__ == "__main__":
    sys.exit(main())
