"""Request parameters of a Bot API call, whatever way they were sent.

Telegram accepts parameters in the query string, as ``application/json``, as
``application/x-www-form-urlencoded`` and as ``multipart/form-data`` (needed to upload
files). In the form encodings every value is a string: numbers and booleans are plain
text, nested objects (``reply_markup``, ``reply_parameters``, ``options``...) are
JSON-encoded strings, and an uploaded file is either the part named after the parameter
or a part referenced as ``attach://<part name>``. :class:`Params` hides those differences:
a method asks for ``params.int("chat_id")`` or ``params.json("reply_markup")`` and gets
the decoded value, or an :class:`~bot.sandbox.errors.ApiError` worded like Telegram's.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from .errors import bad_request

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Telegram's upload limit for bots (50 MB)."""


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes

    def describe(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.data),
        }


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


class Params:
    """Decoded access to the parameters of one call."""

    def __init__(
        self, values: dict[str, Any] | None = None, files: dict[str, UploadedFile] | None = None
    ) -> None:
        self.values: dict[str, Any] = dict(values or {})
        self.files: dict[str, UploadedFile] = dict(files or {})
        self._typed: dict[str, Any] = {}

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise bad_request("can't parse JSON request body") from exc
                if not isinstance(body, dict):
                    raise bad_request("JSON request body must be an object")
                values.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form: MultiDictProxy[Any] = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = UploadedFile(
                            filename=value.filename,
                            content_type=value.content_type,
                            data=value.file.read(),
                        )
                    else:
                        values[key] = value
        return cls(values, files)

    # -- presence ---------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.files

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    # -- typed access -----------------------------------------------------------------
    def get_str(
        self, name: str, *, required: bool = False, default: str | None = None
    ) -> str | None:
        value = self.values.get(name)
        if value is None:
            if required:
                raise bad_request(f"{name} is empty")
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        if not isinstance(value, str):
            raise bad_request(f'field "{name}" must be of type String')
        return value

    def req_str(self, name: str) -> str:
        value = self.get_str(name, required=True)
        assert value is not None
        return value

    def get_int(
        self, name: str, *, required: bool = False, default: int | None = None
    ) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return default
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        result: int | None = None
        if isinstance(value, int):
            result = value
        elif isinstance(value, float) and value.is_integer():
            result = int(value)
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                result = int(value.strip())
        if result is None:
            raise bad_request(f"invalid {name} specified")
        self._typed[name] = result
        return result

    def req_int(self, name: str) -> int:
        value = self.get_int(name, required=True)
        assert value is not None
        return value

    def get_float(self, name: str, *, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            self._typed[name] = float(value)
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str, *, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            self._typed[name] = value.strip().lower() in _TRUE
            return bool(self._typed[name])
        raise bad_request(f'field "{name}" must be of type Boolean')

    def opt_bool(self, name: str) -> bool | None:
        if self.values.get(name) is None:
            return None
        return self.get_bool(name)

    def json(self, name: str, *, what: str | None = None) -> Any:
        """A nested object: decoded from a JSON string when sent as a form field."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {what or name} JSON object") from None
        return value

    def chat_id(self, name: str = "chat_id", *, required: bool = True) -> int | str | None:
        """A chat identifier: an integer or an ``@username``."""
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request("chat_id is empty" if name == "chat_id" else f"{name} is empty")
            return None
        if isinstance(value, bool):
            raise bad_request("chat not found")
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("@"):
                return text
            try:
                self._typed[name] = int(text)
            except ValueError:
                raise bad_request("chat not found") from None
            return int(text)
        raise bad_request("chat not found")

    def file(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an upload, or a ``file_id`` / URL string."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise bad_request(f"invalid {name} specified")
        return self.resolve_attach(value)

    def resolve_attach(self, value: str) -> UploadedFile | str:
        if value.startswith("attach://"):
            part = value[len("attach://") :]
            if part not in self.files:
                raise bad_request(f'can\'t find attached file "{part}"')
            return self.files[part]
        return value

    # -- logging ------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The parameters as logged in :meth:`Sandbox.calls`: nested JSON decoded, files
        described by name and size."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if isinstance(value, str) and value[:1] in ("{", "["):
                try:
                    out[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            out[key] = value
        out.update(self._typed)
        for key, upload in self.files.items():
            out[key] = upload.describe()
        return out
