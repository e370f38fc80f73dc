"""Benchmarks: ``python -m bench NAME [args]`` runs ``bench.NAME.main()``.

Each bench module exposes ``main() -> None`` and reads its own arguments from ``sys.argv``
(``sys.argv[0]`` is set to ``bench NAME``). ``python -m bench`` alone lists them.
"""
