"""Settings are declared once, documented in settings.toml, overridable, and checked at start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import SettingsError
from ingest.settings import SETTINGS, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_in_settings_toml_with_its_default_and_a_comment():
    lines = (ROOT / "settings.toml").read_text(encoding="utf-8").splitlines()
    loaded = load_settings(ROOT / "settings.toml", environ={})
    for setting in SETTINGS:
        section, key = setting.name.split(".")
        index = next((i for i, line in enumerate(lines) if re.match(rf"{key}\s*=", line)), None)
        assert index is not None, f"{setting.name} is missing from settings.toml"
        assert lines[index - 1].startswith("#"), f"{setting.name} has no comment above it"
        expected = setting.default
        if setting.name == "app.database_url":  # a relative SQLite path is anchored at the file's folder
            expected = f"sqlite:///{ROOT / 'var/congbo.sqlite3'}"
        assert loaded[setting.name] == expected, f"{setting.name}: file and default disagree"


def test_environment_beats_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[limits]\nmax_file_mb = 10\n', encoding="utf-8")
    settings = load_settings(path, environ={"CONGBO_LIMITS_MAX_FILE_MB": "2.5"})
    assert settings["limits.max_file_mb"] == 2.5
    assert load_settings(path, environ={})["limits.max_file_mb"] == 10


def test_settings_file_can_be_named_by_congbo_settings(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text('[ocr]\nlanguage = "vie+eng"\n', encoding="utf-8")
    assert load_settings(environ={"CONGBO_SETTINGS": str(path)})["ocr.language"] == "vie+eng"


@pytest.mark.parametrize("content, env, key", [
    ('[limits]\nmax_ocr_pages = "many"\n', {}, "limits.max_ocr_pages"),
    ('', {"CONGBO_OCR_WORKERS": "0"}, "ocr.workers"),
    ('[app]\nport = true\n', {}, "app.port"),
    ('[limits]\nmax_pages = 3\n', {}, "limits.max_pages"),
    ('[app]\nlog_level = "LOUD"\n', {}, "app.log_level"),
])
def test_a_bad_value_stops_start_up_naming_the_key(tmp_path, content, env, key):
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=re.escape(key)):
        load_settings(path, environ=env)


def test_a_missing_file_named_explicitly_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(environ={"CONGBO_SETTINGS": str(tmp_path / "nope.toml")})


FOLDER = '[[sources]]\nname = "ioffice"\nkind = "folder"\npath = "/srv/ioffice"\n'
MAILBOX = ('[[sources]]\nname = "hop-thu"\nkind = "imap"\nhost = "mail.kontum.gov.vn"\nuser = "sxd"\n'
           'password_env = "MAIL_PASSWORD"\n')


@pytest.mark.parametrize("table, names", [
    (FOLDER + 'read_only = "false"\n', ("ioffice", "read_only", "true hoặc false")),  # never taken as true
    (FOLDER + "settle_s = \"2\"\n", ("ioffice", "settle_s", "một số")),
    (FOLDER + "pth = \"/srv/x\"\n", ("ioffice", "pth", "không có")),  # a slip in a key
    ('[[sources]]\nname = "ioffice"\nkind = "folder"\n', ("ioffice", "path", "thiếu")),
    (MAILBOX + "port = \"993\"\n", ("hop-thu", "port", "số nguyên")),
    (MAILBOX + 'security = "tls"\n', ("hop-thu", "security", "ssl, starttls, plain")),
    (MAILBOX + 'folders = "INBOX"\n', ("hop-thu", "folders", "danh sách")),
    (MAILBOX + 'password = "bi-mat"\n', ("hop-thu", "password", "không có")),  # passwords never in the file
    (FOLDER + FOLDER, ("ioffice", "hai lần")),
    ('[[sources]]\nname = "x"\nkind = "ftp"\n', ("x", "kind", "folder, imap")),
])
def test_a_bad_source_table_stops_start_up_naming_the_source_and_the_key(tmp_path, table, names):
    path = tmp_path / "settings.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    for name in names:
        assert name in str(refused.value)


def test_the_environment_overrides_a_source_key_with_its_type(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(FOLDER + "settle_s = 2.0\n" + MAILBOX, encoding="utf-8")
    settings = load_settings(path, environ={"CONGBO_SOURCES_IOFFICE_READ_ONLY": "true",
                                            "CONGBO_SOURCES_IOFFICE_SETTLE_S": "10",
                                            "CONGBO_SOURCES_HOP_THU_FOLDERS": "INBOX, Công văn đến",
                                            "CONGBO_SOURCES_HOP_THU_PORT": "1993"})
    folder, mailbox = settings.sources
    assert (folder["read_only"], folder["settle_s"]) == (True, 10.0)
    assert (mailbox["folders"], mailbox["port"]) == (["INBOX", "Công văn đến"], 1993)
    with pytest.raises(SettingsError, match="CONGBO_SOURCES_IOFFICE_READ_ONLY"):
        load_settings(path, environ={"CONGBO_SOURCES_IOFFICE_READ_ONLY": "có lẽ"})
