"""coopbot: the community bot for francophone inter-regional cooperation projects."""

__version__ = "0.1.0"
