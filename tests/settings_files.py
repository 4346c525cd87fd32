"""A ``settings.toml`` for a test or benchmark that runs ``congbo`` in processes of its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string


def write_settings(path: Path, database_url: str, data_dir: Path, sources: list[dict[str, Any]], *,
                   log_level: str = "WARNING", sections: dict[str, dict[str, Any]] | None = None) -> Path:
    """Settings with the database, the data folder, any further ``sections`` and ``[[sources]]``."""
    lines = ["[app]", f"database_url = {_value(database_url)}", f"data_dir = {_value(data_dir)}",
             f"log_level = {_value(log_level)}"]
    for name, keys in (sections or {}).items():
        lines += ["", f"[{name}]", *(f"{key} = {_value(value)}" for key, value in keys.items())]
    for source in sources:
        lines += ["", "[[sources]]", *(f"{key} = {_value(value)}" for key, value in source.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def imap_source(dovecot: Any, folder: str, user: str, *, name: str = "hop-thu",
                password_env: str = "CONGBO_TEST_MAIL_PASSWORD", **more: Any) -> dict[str, Any]:
    """A ``[[sources]]`` table for a folder of a test Dovecot, over plain IMAP on loopback."""
    return {"name": name, "kind": "imap", "host": dovecot.host, "port": dovecot.port, "security": "plain",
            "user": user, "password_env": password_env, "folders": [folder], "post_action": "seen", **more}
