"""The keys a ``[[sources]]`` table may hold, by kind, checked when the settings are read: an
unknown key, a value of the wrong type (``read_only = "false"`` is refused, not taken as true), a
missing required key or a name used twice stops start-up with an error naming the source and the
key. ``CONGBO_SOURCES_<NAME>_<KEY>`` in the environment overrides a key of the source so named
(its name upper-cased, other characters as "_"); passwords stay in the environment or in files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from .base import ConnectorError


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    type: type  # str, int, float, bool or list (of strings)
    required: bool = False
    choices: tuple[str, ...] = ()


COMMON = (Option("name", str, required=True), Option("kind", str, required=True), Option("every_s", float))
_TYPE_NAMES = {str: "một chuỗi", int: "một số nguyên", float: "một số", bool: "true hoặc false",
               list: "một danh sách chuỗi"}


class SourceTableError(ConnectorError):
    """A ``[[sources]]`` table that cannot be used; the message names the source and the key."""


def env_name(source: str, key: str) -> str:
    return "CONGBO_SOURCES_" + re.sub(r"[^A-Za-z0-9]", "_", source).upper() + "_" + key.upper()


def _typed(option: Option, value: Any, where: str) -> Any:
    wanted = option.type
    ok = (isinstance(value, bool) if wanted is bool
          else isinstance(value, int) and not isinstance(value, bool) if wanted is int
          else isinstance(value, (int, float)) and not isinstance(value, bool) if wanted is float
          else isinstance(value, list) and all(isinstance(v, str) for v in value) if wanted is list
          else isinstance(value, str))
    if not ok:
        raise SourceTableError(f"{where}: khóa “{option.key}” phải là {_TYPE_NAMES[wanted]} "
                               f"(đang là {type(value).__name__} {value!r})")
    if option.choices and value not in option.choices:
        raise SourceTableError(f"{where}: khóa “{option.key}” phải là một trong {', '.join(option.choices)} "
                               f"(đang là “{value}”)")
    return float(value) if wanted is float else value


def _from_env(option: Option, raw: str, where: str) -> Any:
    text = raw.strip()
    try:
        if option.type is bool:
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            return text.lower() in ("true", "1", "yes")
        if option.type is int:
            return int(text)
        if option.type is float:
            return float(text)
    except ValueError:
        raise SourceTableError(f"{where}: “{raw}” không phải {_TYPE_NAMES[option.type]}") from None
    if option.type is list:
        return [part.strip() for part in text.split(",") if part.strip()]
    return raw


def validate(tables: list[Any], kinds: Mapping[str, tuple[Option, ...]], environ: Mapping[str, str],
             origin: str) -> list[dict[str, Any]]:
    """The tables, checked and with the environment's overrides applied."""
    checked: list[dict[str, Any]] = []
    names: set[str] = set()
    for index, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise SourceTableError(f"{origin}: [[sources]] thứ {index} không phải một bảng")
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SourceTableError(f"{origin}: [[sources]] thứ {index} thiếu khóa “name”")
        where = f"{origin}: nguồn “{name}”"
        if name in names:
            raise SourceTableError(f"{where} được khai báo hai lần")
        names.add(name)
        kind = table.get("kind")
        if kind not in kinds:
            raise SourceTableError(f"{where}: khóa “kind” phải là một trong {', '.join(sorted(kinds))} "
                                   f"(đang là {kind!r})")
        options = {o.key: o for o in (*COMMON, *kinds[kind])}
        for key in table:
            if key not in options:
                raise SourceTableError(f"{where}: khóa “{key}” không có ở nguồn loại {kind} "
                                       f"(các khóa: {', '.join(sorted(options))})")
        config = {key: _typed(options[key], value, where) for key, value in table.items()}
        for option in options.values():
            variable = env_name(name, option.key)
            if variable in environ and option.key not in ("name", "kind"):
                config[option.key] = _typed(option, _from_env(option, environ[variable], variable), variable)
        for option in options.values():
            if option.required and config.get(option.key) in (None, ""):
                raise SourceTableError(f"{where}: thiếu khóa “{option.key}” (bắt buộc với nguồn loại {kind})")
        checked.append(config)
    return checked
