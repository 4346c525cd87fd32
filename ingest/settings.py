"""Settings: declared once here, read once from ``settings.toml``, overridable by environment.

Every setting has a dotted name (``section.key``), a default, a type and a one-line help text. The
file named by ``CONGBO_SETTINGS`` (default: ``settings.toml`` in the working directory, then the
one beside this package) supplies values; an environment variable ``CONGBO_<SECTION>_<KEY>`` beats
the file. Values are coerced and checked at load time, so a bad value stops start-up with an error
that names the key, never later deep inside a parser.

Code receives the resulting :class:`Settings` object (or values taken from it) as an argument;
nothing below the command line and the app factory reads the environment or the file itself.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str
    minimum: float | None = None
    empty_ok: bool = False  # a list that may be empty

    @property
    def env_var(self) -> str:
        return "CONGBO_" + self.name.replace(".", "_").upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("app.database_url", "sqlite:///var/congbo.sqlite3",
            "SQLAlchemy URL; a relative SQLite path is taken from the settings file's folder"),
    Setting("app.data_dir", "var", "Folder for the blob store, converted copies and page images (relative: to the "
            "settings file's folder)"),
    Setting("app.secret_key", "dev-only-change-me", "Flask secret key; set a random one in production"),
    Setting("app.host", "127.0.0.1", "Address the web app listens on"),
    Setting("app.port", 8000, "Port the web app listens on", int, 1),
    Setting("app.log_level", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR"),
    Setting("app.base_url", "http://127.0.0.1:8000", "Address of the web app as users reach it (links in e-mails)"),
    Setting("app.search_pages_kept", 500,
            "Public search pages each web process keeps rendered, shown again until the library changes (0: none)",
            int, 0),
    Setting("limits.max_file_mb", 200, "Largest file accepted, in MB", float, 0.001),
    Setting("limits.max_unpacked_mb", 500,
            "Largest total uncompressed size of a ZIP-based file or edXML payload, in MB", float, 0.001),
    Setting("limits.max_compression_ratio", 200,
            "Largest uncompressed/compressed ratio of a ZIP member before it counts as a bomb", float, 1),
    Setting("limits.max_nesting", 5, "Deepest attachment nesting read (mail in ZIP in edXML ...)", int, 1),
    Setting("limits.max_ocr_pages", 200, "Most pages of one file sent to OCR", int, 0),
    Setting("limits.max_image_megapixels", 200,
            "Largest picture decoded for OCR, in megapixels (a bigger one is refused before decoding)", float, 0.01),
    Setting("limits.ocr_timeout_s", 120, "Longest time Tesseract may take on one page, in seconds", float, 1),
    Setting("limits.libreoffice_timeout_s", 120,
            "Longest time LibreOffice may take to convert one file, in seconds", float, 1),
    Setting("limits.max_members", 10000,
            "Most members of one ZIP-based file or edXML payload (more is refused before unpacking)", int, 1),
    Setting("limits.read_timeout_s", 1800,
            "Longest time reading one unit may take, attachments and OCR included, in seconds; past it the "
            "reading process is killed and the unit quarantined", float, 1),
    Setting("limits.read_memory_mb", 2048,
            "Most memory reading one unit may use (the reading process and the tools it starts), in MB; past it "
            "the reading process is killed and the unit quarantined", float, 64),
    Setting("ocr.language", "vie", "Tesseract language(s), e.g. 'vie' or 'vie+eng'"),
    Setting("ocr.dpi", 300, "Resolution pages are rendered at before OCR", int, 72),
    Setting("ocr.workers", 2, "Pages OCR'd in parallel (one Tesseract process each)", int, 1),
    Setting("ocr.second_reader", True,
            "Read a scan's number and date lines again with a second OCR engine (PP-OCR), which reads "
            "handwritten digits better", bool),
    Setting("ocr.min_text_chars", 40,
            "A PDF page with fewer extracted characters than this is treated as a scan", int, 0),
    Setting("intake.max_attempts", 5, "Reads of an item that fails for a passing cause before it is quarantined",
            int, 1),
    Setting("intake.retry_base_s", 60, "Wait before the first retry of a failed item; doubles each time", float, 1),
    Setting("intake.retry_max_s", 3600, "Longest wait between retries of an item or polls of a failing source",
            float, 1),
    Setting("intake.settle_s", 2, "A dropped file is taken once its size and time have not changed for this long",
            float, 0),
    Setting("tools.tesseract", "tesseract", "Tesseract command"),
    Setting("tools.soffice", "soffice", "LibreOffice command"),
    Setting("metadata.publish_patterns",
            ["Công bố trên Trang TTĐT", "Trang TTĐT SXD", "Trang TTĐT Sở", "Trang thông tin điện tử Sở", "Website Sở"],
            "Nơi nhận entries asking for publication on the department's own website: they queue the document "
            "(matched without case or diacritics)", list),
    Setting("metadata.other_portal_patterns",
            ["Cổng TTĐT", "Cổng thông tin điện tử", "Trang TTĐT", "Trang thông tin điện tử", "đăng tải",
             "đăng trên Trang", "đăng trên Cổng"],
            "Nơi nhận entries asking for publication on another body's portal: shown to the board, they do not "
            "queue the document", list),
    Setting("signatures.trust_roots", "",
            "Comma-separated PEM/DER files of trusted root certificates; empty: trust is reported unknown"),
    Setting("editorial.department_names", ["Sở Xây dựng", "Sở Xây dựng tỉnh Kon Tum"],
            "Issuing-body names of the department itself; a document from any other body is outside material "
            "(Điều 8.4)", list),
    Setting("editorial.head_may_publish", False,
            "Whether the head (Tổ trưởng) may publish too, for boards without a deputy", bool),
    Setting("editorial.timezone", "Asia/Ho_Chi_Minh", "Time zone of the board's working day and of times shown"),
    Setting("editorial.working_days", ["mon", "tue", "wed", "thu", "fri"],
            "Working days of the week (mon ... sun)", list),
    Setting("editorial.working_hours", ["07:00-11:30", "13:30-17:00"],
            "Working hours of a day, as HH:MM-HH:MM spans", list),
    Setting("editorial.holidays", [], "Days off besides the weekend, as YYYY-MM-DD", list, empty_ok=True),
    Setting("auth.max_failures", 5, "Failed sign-ins for one name or address before it is locked for a while",
            int, 1),
    Setting("auth.lockout_minutes", 15, "How long a name or address stays locked after too many failures",
            float, 0.1),
    Setting("mail.smtp_host", "", "SMTP server for the board's notifications; empty: no e-mail is sent"),
    Setting("mail.smtp_port", 25, "SMTP port", int, 1),
    Setting("mail.smtp_security", "plain", "plain, starttls or ssl"),
    Setting("mail.smtp_user", "", "SMTP user name; empty: no login"),
    Setting("mail.smtp_password_env", "CONGBO_SMTP_PASSWORD", "Environment variable holding the SMTP password"),
    Setting("mail.sender", "congbo@sxd.kontum.gov.vn", "From address of notification e-mails"),
    Setting("mail.digest_minutes", 60, "At most one notification e-mail per person in this many minutes", float, 1),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(setting: Setting, raw: Any, origin: str) -> Any:
    def bad(why: str) -> SettingsError:
        return SettingsError(f"setting {setting.name} ({origin}): {why}, got {raw!r}")

    kind = setting.kind
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise bad("expected true or false")
    if kind in (int, float):
        if isinstance(raw, bool):
            raise bad(f"expected a {kind.__name__}")
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise bad(f"expected a {kind.__name__}") from None
        if setting.minimum is not None and value < setting.minimum:
            raise bad(f"must be at least {setting.minimum:g}")
        return value
    if kind is list:
        if isinstance(raw, str):  # from the environment: entries separated by "|"
            raw = [part.strip() for part in raw.split("|") if part.strip()]
        if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw) or (
                not raw and not setting.empty_ok):
            raise bad("expected a non-empty list of strings" if not setting.empty_ok else "expected a list of strings")
        return raw
    if not isinstance(raw, str):
        raise bad("expected a string")
    return raw


class Settings(Mapping[str, Any]):
    """Validated settings, looked up by dotted name: ``settings["limits.max_file_mb"]``."""

    def __init__(self, values: Mapping[str, Any], source: Path | None = None,
                 sources: list[dict[str, Any]] | None = None, units: list[dict[str, Any]] | None = None) -> None:
        self._values = dict(values)
        self.source = source
        self.sources = sources or []
        self.units = units or []

    @property
    def base_dir(self) -> Path:
        """Relative paths in the settings are taken from the settings file's folder."""
        return self.source.resolve().parent if self.source is not None and self.source.exists() else Path.cwd()

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def section(self, name: str) -> dict[str, Any]:
        prefix = name + "."
        return {k[len(prefix):]: v for k, v in self._values.items() if k.startswith(prefix)}


def _sources(tables: list[Any], environ: Mapping[str, str], origin: str) -> list[dict[str, Any]]:
    from connectors.options import SourceTableError, validate
    from connectors.registry import OPTIONS_BY_KIND

    try:
        return validate(tables, OPTIONS_BY_KIND, environ, origin)
    except SourceTableError as exc:
        raise SettingsError(str(exc)) from None


def default_settings_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    if environ.get("CONGBO_SETTINGS"):
        return Path(environ["CONGBO_SETTINGS"])
    local = Path.cwd() / "settings.toml"
    return local if local.exists() else PROJECT_ROOT / "settings.toml"


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Settings:
    """Read, override and validate every setting; raise :class:`SettingsError` naming the bad key."""
    environ = os.environ if environ is None else environ
    path = path or default_settings_path(environ)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    elif environ.get("CONGBO_SETTINGS"):
        raise SettingsError(f"settings file {path} (from CONGBO_SETTINGS) does not exist")

    sources = data.pop("sources", [])
    if not isinstance(sources, list):
        raise SettingsError(f"{path}: [[sources]] must be an array of tables")
    sources = _sources(sources, environ, str(path))
    units = _units(data.pop("units", []), path)
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: unknown top-level key {section!r}")
        for key, raw in table.items():
            name = f"{section}.{key}"
            if name not in _BY_NAME:
                raise SettingsError(f"{path}: unknown setting {name}")
            values[name] = _coerce(_BY_NAME[name], raw, str(path))
    for setting in SETTINGS:
        if setting.env_var in environ:
            values[setting.name] = _coerce(setting, environ[setting.env_var], setting.env_var)
        elif setting.name not in values:
            values[setting.name] = setting.default
    for name, raw in (overrides or {}).items():
        if name not in _BY_NAME:
            raise SettingsError(f"unknown setting {name}")
        values[name] = _coerce(_BY_NAME[name], raw, "override")
    settings = Settings(values, path, sources, units)
    _check_log_level(settings)
    _check_choice(settings, "mail.smtp_security", ("plain", "starttls", "ssl"))
    _check_working_time(settings)
    settings._values["app.database_url"] = _anchored_url(settings["app.database_url"], settings.base_dir)
    return settings


_UNIT_KEYS = {"code": str, "name": str, "emails": list, "issuer_names": list}


def _units(tables: Any, path: Path) -> list[dict[str, Any]]:
    """The department's units (Điều 8.5), each a [[units]] table: code, name, emails, issuer_names."""
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise SettingsError(f"{path}: [[units]] must be an array of tables")
    seen: set[str] = set()
    out = []
    for index, table in enumerate(tables, 1):
        label = f"{path}: unit {table.get('code') or index}"
        for key, value in table.items():
            kind = _UNIT_KEYS.get(key)
            if kind is None:
                raise SettingsError(f"{label}: unknown key {key}")
            if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
                raise SettingsError(f"{label}: {key} must be a {'list of strings' if kind is list else 'string'}")
        for key in ("code", "name"):
            if not str(table.get(key) or "").strip():
                raise SettingsError(f"{label}: {key} is required")
        if table["code"] in seen:
            raise SettingsError(f"{label}: the code {table['code']} is used twice")
        seen.add(table["code"])
        out.append({"emails": [], "issuer_names": [], **table})
    return out


def _check_choice(settings: Settings, name: str, allowed: tuple[str, ...]) -> None:
    if settings[name] not in allowed:
        raise SettingsError(f"setting {name}: expected one of {', '.join(allowed)}, got {settings[name]!r}")


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _check_working_time(settings: Settings) -> None:
    from datetime import date
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for day in settings["editorial.working_days"]:
        if day not in _DAYS:
            raise SettingsError(f"setting editorial.working_days: {day!r} is not one of {', '.join(_DAYS)}")
    for span in settings["editorial.working_hours"]:
        match = re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", span)
        if not match or (int(match[1]), int(match[2])) >= (int(match[3]), int(match[4])) or int(match[3]) > 23:
            raise SettingsError(f"setting editorial.working_hours: {span!r} is not a span HH:MM-HH:MM")
    for day in settings["editorial.holidays"]:
        try:
            date.fromisoformat(day)
        except ValueError:
            raise SettingsError(f"setting editorial.holidays: {day!r} is not a date YYYY-MM-DD") from None
    try:
        ZoneInfo(settings["editorial.timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"setting editorial.timezone: unknown time zone {settings['editorial.timezone']!r}") from None


def _anchored_url(url: str, base: Path) -> str:
    """A relative SQLite path taken from the settings file's folder, so every command finds the
    same database wherever it is run from."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url[len(prefix):] not in ("", ":memory:"):
        return prefix + str(base / url[len(prefix):])
    return url


def _check_log_level(settings: Settings) -> None:
    level = settings["app.log_level"].upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(f"setting app.log_level: expected DEBUG, INFO, WARNING or ERROR, got {level!r}")


def resolve_path(settings: Settings, name: str, base: Path | None = None) -> Path:
    """A path setting made absolute against ``base`` (default: the settings file's folder)."""
    path = Path(settings[name])
    return path if path.is_absolute() else (base or settings.base_dir) / path


