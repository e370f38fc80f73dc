"""Knowledge base data files, installed as the ``bot.data`` package (see data/README.md)."""
