"""The forbidden arrows of ARCHITECTURE.md, checked on the source tree (imports read with
``ast``, nothing imported): handlers never touch a repository, services never import
``telegram`` or ``handlers``, no code reaches into another service's repository, nothing
outside the demo, the tests and the benchmarks imports the emulator, and one place opens the
database."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# bot/ modules that are not services: the layers below them and the Telegram-facing shell.
NOT_SERVICES = ("bot/render/", "bot/cli/", "bot/sandbox/", "bot/storage/")
SHELL = {"bot/app.py", "bot/context.py", "bot/__main__.py"}
# Adapters whose job is to speak to Telegram / PTB for the services (ARCHITECTURE.md).
TELEGRAM_ADAPTERS = {
    "bot/delivery.py": "the outbox's sending engine",
    "bot/sender.py": "the Bot the outbox sends through",
    "bot/scheduling.py": "the heartbeat on PTB's JobQueue",
    "bot/metrics.py": "PTB's HTTP client, counting 429s",
}
# Who may import the emulator.
SANDBOX_USERS = ("bot/demo.py", "bot/cli/demo.py", "bot/sandbox/", "tests/", "bench/")
# Who may open a database: the wiring, the bot's persistence (its connection is the
# services'), and two operations commands that must work before or beside the bot.
DATABASE_OPENERS = {
    "bot/services.py": "Services.open",
    "bot/storage/persistence.py": "the bot's connection, handed to Services.open",
    "bot/health.py": "coopbot status: reads a database as it is, without migrating it",
    "bot/webhook.py": "the webhook secret, read before the bot is built",
}

Imports = list[tuple[int, str, tuple[str, ...]]]  # (line, module, names imported from it)


def sources(root: Path, *tops: str) -> Iterator[tuple[str, ast.Module]]:
    """(path relative to root, syntax tree) of every module under ``tops``."""
    for top in tops:
        for path in sorted((root / top).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            yield path.relative_to(root).as_posix(), ast.parse(text, filename=str(path))


def imports(module: ast.Module) -> Imports:
    """Every import, at any depth (functions, ``TYPE_CHECKING`` blocks); relative ones
    (``from . import x``) stay inside their package and are left out."""
    found: Imports = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, tuple(a.name for a in node.names)))
    return found


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def is_service(path: str) -> bool:
    return (
        path.startswith("bot/")
        and not path.startswith(NOT_SERVICES)
        and path not in SHELL
        and path not in TELEGRAM_ADAPTERS
    )


# -- the rules: each returns the offending lines under a root -------------------------------


def handlers_touching_repositories(root: Path) -> list[str]:
    wrong = []
    for path, module in sources(root, "handlers"):
        for line, name, names in imports(module):
            if under(name, "bot.storage.database") or (
                under(name, "bot.storage")
                and any(n.endswith("Repository") or n == "Database" for n in names)
            ):
                wrong.append(f"{path}:{line} imports {name} {', '.join(names)}")
        for node in ast.walk(module):
            if isinstance(node, ast.Attribute) and node.attr in ("repo", "db"):
                wrong.append(f"{path}:{node.lineno} reaches a service's .{node.attr}")
    return wrong


def services_importing_telegram_or_handlers(root: Path) -> list[str]:
    wrong = []
    for path, module in sources(root, "bot"):
        if not is_service(path):
            continue
        for line, name, _ in imports(module):
            if under(name, "handlers") or under(name, "telegram"):
                wrong.append(f"{path}:{line} imports {name}")
    return wrong


def reaches_into_a_repository(root: Path) -> list[str]:
    """One owner per table: a service's repository is ``self.repo`` to it and to nobody else
    (``other.repo``, ``self.forms.repo``); other code asks the service through a method."""
    return [
        f"{path}:{node.lineno} reaches another service's .repo"
        for path, module in sources(root, "bot")
        if not path.startswith("bot/sandbox/")
        for node in ast.walk(module)
        if isinstance(node, ast.Attribute)
        and node.attr == "repo"
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]


def core_importing_handlers(root: Path) -> list[str]:
    """Below the shell (storage, render, cli, services), nothing knows the handlers."""
    return [
        f"{path}:{line} imports {name}"
        for path, module in sources(root, "bot")
        if path != "bot/app.py"
        for line, name, _ in imports(module)
        if under(name, "handlers")
    ]


def emulator_users(root: Path) -> list[str]:
    return [
        f"{path}:{line} imports {name}"
        for path, module in sources(root, "bot", "handlers")
        if not path.startswith(SANDBOX_USERS)
        for line, name, names in imports(module)
        if under(name, "bot.sandbox") or (name == "bot" and "sandbox" in names)
    ]


def database_openers(root: Path) -> list[str]:
    return [
        f"{path}:{node.lineno} opens the database itself"
        for path, module in sources(root, "bot", "handlers", "bench")
        if path not in DATABASE_OPENERS and not path.startswith("bot/sandbox/")
        for node in ast.walk(module)
        if isinstance(node, ast.Attribute)
        and node.attr == "open"
        and isinstance(node.value, ast.Name)
        and node.value.id == "Database"
    ]


# -- on the project -----------------------------------------------------------------------------


def test_the_rules_read_the_real_tree() -> None:
    """An empty or wrong walk would let every rule pass: the tree is there and parsed."""
    files = {path: module for path, module in sources(ROOT, "bot", "handlers")}
    assert "handlers/__init__.py" in files and "bot/services.py" in files
    assert sum(is_service(path) for path in files) > 20
    assert any(under(name, "telegram") for _, name, _ in imports(files["bot/delivery.py"]))


def test_handlers_never_touch_a_repository() -> None:
    wrong = handlers_touching_repositories(ROOT)
    assert not wrong, "handlers ask a service, never its repository:\n" + "\n".join(wrong)


def test_services_import_neither_telegram_nor_handlers() -> None:
    wrong = services_importing_telegram_or_handlers(ROOT)
    assert not wrong, "services return data; the shell speaks Telegram:\n" + "\n".join(wrong)


def test_no_code_reaches_into_another_services_repository() -> None:
    wrong = reaches_into_a_repository(ROOT)
    assert not wrong, "ask the service that owns the table:\n" + "\n".join(wrong)


def test_nothing_below_the_shell_imports_handlers() -> None:
    wrong = core_importing_handlers(ROOT)
    assert not wrong, "\n".join(wrong)


def test_only_the_demo_tests_and_benchmarks_import_the_emulator() -> None:
    wrong = emulator_users(ROOT)
    assert not wrong, "the emulator is for the demo and the tests:\n" + "\n".join(wrong)


def test_one_place_opens_the_database() -> None:
    """Everything else gets its connection from ``Services.open`` (bot, terminal, bench)."""
    wrong = database_openers(ROOT)
    assert not wrong, "use Services.open (bot/services.py):\n" + "\n".join(wrong)


# -- each rule catches what it forbids ----------------------------------------------------------

Rule = Callable[[Path], list[str]]


@pytest.mark.parametrize(
    ("path", "source", "rule"),
    [
        (
            "handlers/x.py",
            "from bot.storage.members import Member, MembersRepository\n",
            handlers_touching_repositories,
        ),
        (
            "handlers/x.py",
            "async def f(s):\n    await s.members.repo.all()\n",
            handlers_touching_repositories,
        ),
        ("bot/x.py", "from telegram import Bot\n", services_importing_telegram_or_handlers),
        (
            "bot/knowledge/x.py",
            "def f():\n    from handlers import register\n",
            services_importing_telegram_or_handlers,
        ),
        (
            "bot/forms/x.py",
            "class F:\n    async def f(self):\n        return await self.forms.repo.all()\n",
            reaches_into_a_repository,
        ),
        (
            "bot/demo_x.py",
            "async def f(services):\n    repo = services.polls.repo\n",
            reaches_into_a_repository,
        ),
        ("bot/storage/x.py", "import handlers.common\n", core_importing_handlers),
        ("handlers/x.py", "from bot.sandbox import Sandbox\n", emulator_users),
        ("bot/x.py", "from bot import sandbox\n", emulator_users),
        (
            "bench/x.py",
            "async def f(p):\n    return await Database.open(p)\n",
            database_openers,
        ),
    ],
)
def test_each_rule_catches_one_offending_line(
    path: str, source: str, rule: Rule, tmp_path: Path
) -> None:
    for top in ("bot", "handlers", "bench"):
        (tmp_path / top).mkdir()
        (tmp_path / top / "ok.py").write_text(
            "from bot.storage.members import Member\n", encoding="utf-8"
        )
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(source, encoding="utf-8")
    found = rule(tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{path}:"), found


def test_allowed_imports_are_not_caught(tmp_path: Path) -> None:
    """Records from storage in a handler, telegram in an adapter, the emulator in the demo."""
    files = {
        "handlers/x.py": "from bot.storage.events import Event, EventFields\n",
        "bot/delivery.py": "from telegram import Bot\n",
        "bot/render/x.py": "from telegram import InlineKeyboardMarkup\n",
        "bot/demo.py": "from bot.sandbox import Sandbox\n",
        "bot/services.py": "async def f(p):\n    return await Database.open(p)\n",
        "bot/own.py": "class S:\n    def __init__(self, repo):\n        self.repo = repo\n"
        "    async def all(self):\n        return await self.repo.all()\n",
    }
    for path, source in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(source, encoding="utf-8")
    (tmp_path / "bench").mkdir()
    rules: list[Rule] = [
        handlers_touching_repositories,
        services_importing_telegram_or_handlers,
        core_importing_handlers,
        reaches_into_a_repository,
        emulator_users,
        database_openers,
    ]
    assert [rule(tmp_path) for rule in rules] == [[]] * len(rules)
