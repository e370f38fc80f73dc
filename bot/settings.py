"""Settings: a sectioned TOML file overridden by ``COOPBOT_<SECTION>__<KEY>`` environment variables.

Where the file comes from, first match wins: ``--config FILE``, ``$COOPBOT_CONFIG``,
``./config.toml`` if present, else none (environment variables only).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from bot.refusals import Refusal

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"

Language = Literal["fr", "en"]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(Section):
    # Only what talks to Telegram needs it (`coopbot run`, sending from the terminal): see
    # :meth:`require_token`. The terminal's database and data commands run without it.
    token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    api_base_url: str = TELEGRAM_API
    file_base_url: str = TELEGRAM_FILES
    # Long polling: seconds Telegram holds a getUpdates request open.
    poll_timeout: int = Field(default=30, ge=0, le=60)
    # Webhook mode (`coopbot run --webhook URL`): Telegram POSTs updates to webhook_url, which
    # reaches PTB's server listening on `listen` (HOST:PORT). Without a secret, one is made up
    # and kept in the database; it is checked on every request.
    webhook_url: str | None = None
    listen: str = "0.0.0.0:8443"
    webhook_secret: SecretStr | None = None

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        from bot.webhook import check_webhook_url

        try:
            return check_webhook_url(value) if value else None
        except ValueError:
            raise ConfigValueError("webhook_url", url=value) from None

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        from bot.health import parse_listen

        try:
            parse_listen(value)
        except ValueError:
            raise ConfigValueError("listen", value=value) from None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        from bot.webhook import check_secret

        if value is None or not value.get_secret_value().strip():
            return None
        try:
            check_secret(value.get_secret_value())
        except ValueError:
            raise ConfigValueError("secret") from None
        return value

    @field_validator("token")
    @classmethod
    def _blank_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        # `COOPBOT_TELEGRAM__TOKEN=` (empty) is no token, not a token made of nothing.
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    def require_token(self) -> str:
        """The token, for what talks to Telegram; :class:`ConfigError` if none is configured."""
        if self.token is None:
            raise ConfigError("token_missing")
        return self.token.get_secret_value()

    @property
    def secrets(self) -> list[str]:
        """What logs and error reports must hide (nothing without a token)."""
        found = [self.token.get_secret_value()] if self.token is not None else []
        if self.webhook_secret is not None:
            found.append(self.webhook_secret.get_secret_value())
        return found


class StorageSettings(Section):
    path: Path = Path("coopbot.sqlite3")


class DataSettings(Section):
    # A coordinator's own copy of the knowledge files; default: the data/ shipped with coopbot.
    path: Path | None = None


class RemindersSettings(Section):
    # Offsets before an event's start at which reminders are sent ("0m" = at start), written
    # as in events ("7d", "1h", "30m"); read once, here, as durations: largest first, no
    # duplicates. ``keys`` gives their canonical text (stored with each reminder).
    offsets: tuple[timedelta, ...] = (
        timedelta(days=7),
        timedelta(days=1),
        timedelta(hours=1),
        timedelta(0),
    )

    @field_validator("offsets", mode="before")
    @classmethod
    def _durations(cls, values: object) -> tuple[timedelta, ...]:
        from bot.dates import DateError, parse_offset

        if isinstance(values, str):
            values = values.replace(",", " ").split()
        if not isinstance(values, list | tuple):
            raise ConfigValueError("offsets_list")
        found: set[timedelta] = set()
        for value in values:
            if isinstance(value, timedelta):
                found.add(value)
                continue
            try:
                found.add(parse_offset(str(value)))
            except DateError:
                raise ConfigValueError("offset", value=str(value)) from None
        return tuple(sorted(found, reverse=True))

    @property
    def keys(self) -> list[str]:
        """The offsets' canonical text (``["7d", "1d", "1h", "0m"]``)."""
        from bot.dates import offset_key

        return [offset_key(value) for value in self.offsets]


class DeliverySettings(Section):
    # Telegram's flood limits (https://core.telegram.org/bots/faq#broadcasting-to-users).
    overall_per_second: float = Field(default=30.0, gt=0)
    per_chat_per_second: float = Field(default=1.0, gt=0)
    per_group_per_minute: float = Field(default=20.0, gt=0)
    max_attempts: int = Field(default=5, ge=1)
    # Paid broadcasts (https://core.telegram.org/bots/api#paid-broadcasts): announcements only
    # go out with allow_paid_broadcast, paced at paid_per_second overall instead of
    # overall_per_second; Telegram charges 0.1 Star per message above the free rate.
    paid_broadcast: bool = False
    paid_per_second: float = Field(default=1000.0, gt=0)


class HealthSettings(Section):
    # HOST:PORT of the health endpoint (GET /healthz, GET /metrics); none: not served.
    listen: str | None = None

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        from bot.health import parse_listen

        if value is None or not value.strip():
            return None
        parse_listen(value)
        return value


class LoggingSettings(Section):
    # "text": one readable line per event; "json": one JSON object per line (for journald,
    # Docker, Loki...). The token and the webhook secret are redacted in both.
    format: Literal["text", "json"] = "text"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(BaseSettings):
    """Everything coopbot can be told. Field names are the TOML keys."""

    model_config = SettingsConfigDict(
        env_prefix="COOPBOT_",
        env_nested_delimiter="__",
        extra="forbid",
        case_sensitive=False,
    )

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    data: DataSettings = Field(default_factory=DataSettings)
    reminders: RemindersSettings = Field(default_factory=RemindersSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    coordinators: list[int] = Field(default_factory=list)
    default_language: Language = "fr"
    default_timezone: str = "Europe/Paris"
    admin_chat_id: int | None = None

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from bot.data_problems import DataValueError
        from bot.timezones import zone

        try:
            zone(value)
        except ValueError:
            raise DataValueError("time_zone", zone=value) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        from bot.timezones import zone

        return zone(self.default_timezone)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment variables override the TOML file, which arrives as init arguments.
        return (env_settings, init_settings)


class ExplicitSettings(Settings):
    """Settings from the values given and nothing else: no environment variable, no file. For
    the demo (and tests), which must never be pointed at a real database or token."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


class ConfigError(Exception):
    """A missing or invalid setting: one line for the user, exit code 2.

    Said in the terminal's language by :meth:`text` (``settings.<key>`` with its ``params``; for
    an invalid configuration, each of pydantic's ``problems`` translated as the data checker's
    are, by :func:`bot.data_problems.translation`); ``lang`` is the language the configuration
    asks for, when it can be read (else French). The exception's own text is its English."""

    def __init__(
        self,
        key: str,
        /,
        *,
        lang: str = "fr",
        problems: tuple[ConfigProblem, ...] = (),
        **params: object,
    ) -> None:
        self.key = key
        self.lang = lang
        self.problems = problems
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        from bot.i18n import Catalogue, plain_text

        catalogue = Catalogue.bundled()
        lang = lang or self.lang
        params = dict(self.params)
        if self.problems:
            separator = catalogue.raw(lang, "settings.separator")
            params["problems"] = separator.join(problem.text(lang) for problem in self.problems)
        return plain_text(catalogue.t(lang, f"settings.{self.key}", **params))


class ConfigValueError(Refusal, ValueError):
    """What a validator of the settings refuses (pydantic reports it as a ``value_error``):
    ``settings.value.<key>`` with its parameters, in the reader's language (as
    :class:`bot.data_problems.DataValueError` for the data's models)."""

    domain = "settings.value."


@dataclass(frozen=True)
class ConfigProblem:
    """One setting pydantic refused: where (``telegram.listen``), the catalogue message saying
    what is wrong and its parameters, or pydantic's own English when no message says it."""

    where: str
    key: str | None
    params: tuple[tuple[str, object], ...] = ()
    english: str = ""

    def text(self, lang: str) -> str:
        from bot.i18n import Catalogue, plain_text

        catalogue = Catalogue.bundled()
        what = plain_text(catalogue.t(lang, self.key, **dict(self.params))) if self.key else None
        return plain_text(
            catalogue.t(lang, "settings.line", where=self.where, what=what or self.english)
        )


def config_path(explicit: str | Path | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    if env := os.environ.get("COOPBOT_CONFIG"):
        return Path(env)
    default = Path("config.toml")
    return default if default.is_file() else None


def asked_language(data: dict[str, Any]) -> str:
    """The language a configuration asks for, read as it is (it may be invalid): the
    environment's, else the file's; French when neither says ``fr`` or ``en``."""
    for value in (os.environ.get("COOPBOT_DEFAULT_LANGUAGE"), data.get("default_language")):
        if isinstance(value, str) and value.strip().lower() in ("fr", "en"):
            return value.strip().lower()
    return "fr"


def load_settings(path: str | Path | None = None) -> Settings:
    """Read the settings, raising :class:`ConfigError` with a one-line message."""
    source = config_path(path)
    data: dict[str, Any] = {}
    if source is not None:
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("file_not_found", lang=asked_language({}), path=str(source)) from None
        except (OSError, UnicodeDecodeError):  # a folder, no permission, not UTF-8
            raise ConfigError(
                "file_unreadable", lang=asked_language({}), path=str(source)
            ) from None
        except tomllib.TOMLDecodeError as exc:
            line, column = _toml_position(str(exc))
            raise ConfigError(
                "toml", lang=asked_language({}), path=str(source), line=line, column=column
            ) from None
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(
            "invalid", lang=asked_language(data), problems=validation_problems(exc)
        ) from None
    except SettingsError as exc:  # an environment variable that should hold JSON does not
        found = re.search(r'field "([^"]+)"', str(exc))
        prefix = "COOPBOT_" + (found.group(1).upper() if found else "")
        names = sorted(name for name in os.environ if name.upper().startswith(prefix))
        env = ", ".join(names) or prefix
        raise ConfigError("env_json", lang=asked_language(data), env=env) from None


def _toml_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)


def validation_problems(exc: ValidationError) -> tuple[ConfigProblem, ...]:
    """pydantic's errors as :class:`ConfigProblem`: said as the data checker says its own
    (:func:`bot.data_problems.translation`), a missing setting naming its variable."""
    from bot.data_problems import translation

    problems = []
    for error in exc.errors():
        loc = tuple(str(p) for p in error["loc"])
        where = ".".join(loc) or "settings"
        if error["type"] == "missing":
            env = "COOPBOT_" + "__".join(p.upper() for p in loc)
            problems.append(ConfigProblem(where, "settings.missing", (("env", env),)))
            continue
        key, found = translation(error)
        problems.append(ConfigProblem(where, key, tuple(found), str(error["msg"])))
    return tuple(problems)
