"""Connectors by kind, built from the ``[[sources]]`` tables of the settings."""

from __future__ import annotations

from typing import Any, Callable

from .base import Connector, ConnectorError, source_label
from .folder import ExportFolder
from .imap import ImapSource

KINDS: dict[str, Callable[[dict[str, Any], Any], Connector]] = {
    "folder": ExportFolder.from_config,
    "imap": ImapSource.from_config,
}
OPTIONS_BY_KIND = {"folder": ExportFolder.OPTIONS, "imap": ImapSource.OPTIONS}  # checked by the settings


def build_sources(settings: Any) -> list[Connector]:
    """One connector per ``[[sources]]`` table; a bad table is an error naming the source."""
    built: list[Connector] = []
    names: set[str] = set()
    for index, config in enumerate(settings.sources):
        name = config.get("name")
        if not name or not isinstance(name, str):
            raise ConnectorError(f"[[sources]] thứ {index + 1} thiếu khóa “name”")
        if name in names:
            raise ConnectorError(f"{source_label(name)} được khai báo hai lần")
        names.add(name)
        kind = config.get("kind")
        if kind not in KINDS:
            raise ConnectorError(f"{source_label(name)}: kind “{kind}” không có; các loại nguồn: "
                                 f"{', '.join(sorted(KINDS))}")
        built.append(KINDS[kind](config, settings))
    return built


def schedule_of(settings: Any, name: str) -> float:
    """Seconds between polls of a source (``every_s``, default 30)."""
    for config in settings.sources:
        if config.get("name") == name:
            return float(config.get("every_s", 30))
    raise ConnectorError(f"không có nguồn nào tên “{name}”")
